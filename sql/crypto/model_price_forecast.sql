-- ml.crypto_price_forecast: one ARIMA_PLUS series per symbol of the last price per minute.
CREATE OR REPLACE MODEL ml.crypto_price_forecast
OPTIONS ({{model_options}}) AS
SELECT
  symbol AS {{id_col}},
  TIMESTAMP_TRUNC({{time_field}}, MINUTE) AS {{timestamp_col}},
  ARRAY_AGG(price ORDER BY {{time_field}} DESC LIMIT 1)[OFFSET(0)] AS {{data_col}}
FROM silver.crypto
WHERE dt >= DATE_SUB(CURRENT_DATE(), INTERVAL {{train_days}} DAY)
GROUP BY 1, 2
