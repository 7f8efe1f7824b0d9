-- ml.stocks_price_regression: linear regression of last_price on the tick's features.
CREATE OR REPLACE MODEL ml.stocks_price_regression
OPTIONS ({{model_options}}) AS
SELECT {{features}}, {{label}}
FROM silver.stocks
WHERE dt >= DATE_SUB(CURRENT_DATE(), INTERVAL {{train_days}} DAY)
