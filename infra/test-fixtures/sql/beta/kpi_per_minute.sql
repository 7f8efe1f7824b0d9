CREATE OR REPLACE TABLE gold.beta_per_minute AS
SELECT symbol, TIMESTAMP_TRUNC(event_time, MINUTE) AS minute, AVG(value) AS value FROM silver.beta WHERE dt >= DATE_SUB(CURRENT_DATE(), INTERVAL {{scan_days}} DAY) GROUP BY 1, 2
