CREATE OR REPLACE MODEL ml.beta_forecast OPTIONS ({{model_options}}) AS
SELECT symbol, event_time, value FROM silver.beta WHERE dt >= DATE_SUB(CURRENT_DATE(), INTERVAL {{train_days}} DAY)
