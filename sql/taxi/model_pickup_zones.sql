-- ml.taxi_pickup_zones: k-means pickup zones over client (pickup) positions.
CREATE OR REPLACE MODEL ml.taxi_pickup_zones
OPTIONS ({{model_options}}) AS
SELECT {{features}}
FROM silver.taxi
WHERE dt >= DATE_SUB(CURRENT_DATE(), INTERVAL {{train_days}} DAY)
