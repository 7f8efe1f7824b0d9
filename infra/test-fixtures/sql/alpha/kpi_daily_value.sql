CREATE OR REPLACE TABLE gold.alpha_daily_value AS
SELECT dt, SUM(value) AS value FROM silver.alpha WHERE dt >= DATE_SUB(CURRENT_DATE(), INTERVAL {{scan_days}} DAY) GROUP BY dt
