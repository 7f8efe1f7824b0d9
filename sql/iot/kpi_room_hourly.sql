-- gold.iot_room_hourly: per room, sensor and hour: mean, min, max and the share of good readings.
CREATE OR REPLACE TABLE gold.iot_room_hourly AS
SELECT
  room,
  sensor_type,
  TIMESTAMP_TRUNC({{time_field}}, HOUR) AS hour,
  ANY_VALUE(unit) AS unit,
  ROUND(AVG(IF(quality = 'ok', value, NULL)), 3) AS avg_value,
  MIN(IF(quality = 'ok', value, NULL)) AS min_value,
  MAX(IF(quality = 'ok', value, NULL)) AS max_value,
  COUNT(*) AS readings,
  COUNTIF(quality != 'ok') AS flagged_readings
FROM silver.iot
WHERE dt >= DATE_SUB(CURRENT_DATE(), INTERVAL {{scan_days}} DAY)
GROUP BY room, sensor_type, hour
