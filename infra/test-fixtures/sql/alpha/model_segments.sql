CREATE OR REPLACE MODEL ml.alpha_segments OPTIONS ({{model_options}}) AS
SELECT {{features}} FROM silver.alpha WHERE dt >= DATE_SUB(CURRENT_DATE(), INTERVAL {{train_days}} DAY)
