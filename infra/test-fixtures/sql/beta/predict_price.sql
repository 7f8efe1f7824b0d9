CREATE OR REPLACE TABLE ml.beta_price_predictions AS
SELECT * FROM ML.PREDICT(MODEL ml.beta_price, (SELECT value FROM silver.beta))
