-- ml.stocks_price_forecast_by_instrument: one ARIMA_PLUS series per instrument_token (last price per minute).
CREATE OR REPLACE MODEL ml.stocks_price_forecast_by_instrument
OPTIONS ({{model_options}}) AS
SELECT
  instrument_token AS {{id_col}},
  TIMESTAMP_TRUNC({{time_field}}, MINUTE) AS {{timestamp_col}},
  ARRAY_AGG(last_price ORDER BY {{time_field}} DESC LIMIT 1)[OFFSET(0)] AS {{data_col}}
FROM silver.stocks
WHERE dt >= DATE_SUB(CURRENT_DATE(), INTERVAL {{train_days}} DAY)
GROUP BY 1, 2
