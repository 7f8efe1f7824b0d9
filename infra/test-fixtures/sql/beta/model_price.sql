CREATE OR REPLACE MODEL ml.beta_price OPTIONS ({{model_options}}) AS
SELECT value FROM silver.beta WHERE dt >= DATE_SUB(CURRENT_DATE(), INTERVAL {{train_days}} DAY)
