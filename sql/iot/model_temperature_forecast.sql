-- ml.iot_temperature_forecast: one ARIMA_PLUS series per room of the hourly mean temperature (good readings only).
CREATE OR REPLACE MODEL ml.iot_temperature_forecast
OPTIONS ({{model_options}}) AS
SELECT
  room AS {{id_col}},
  TIMESTAMP_TRUNC({{time_field}}, HOUR) AS {{timestamp_col}},
  AVG(value) AS {{data_col}}
FROM silver.iot
WHERE dt >= DATE_SUB(CURRENT_DATE(), INTERVAL {{train_days}} DAY)
  AND sensor_type = 'temperature'
  AND quality = 'ok'
GROUP BY 1, 2
