-- gold.iot_room_daily: per room, sensor and day: mean, min, max, flagged readings by flag, and
-- for pir the share of readings with motion (occupancy).
CREATE OR REPLACE TABLE gold.iot_room_daily AS
SELECT
  room,
  sensor_type,
  dt,
  ANY_VALUE(unit) AS unit,
  ROUND(AVG(IF(quality = 'ok', value, NULL)), 3) AS avg_value,
  MIN(IF(quality = 'ok', value, NULL)) AS min_value,
  MAX(IF(quality = 'ok', value, NULL)) AS max_value,
  COUNT(*) AS readings,
  COUNTIF(quality = 'out_of_range') AS out_of_range,
  COUNTIF(quality = 'stuck') AS stuck,
  COUNTIF(quality = 'spike') AS spikes,
  IF(sensor_type = 'pir', ROUND(SAFE_DIVIDE(COUNTIF(value > 0), COUNT(*)), 4), NULL) AS occupancy
FROM silver.iot
WHERE dt >= DATE_SUB(CURRENT_DATE(), INTERVAL {{scan_days}} DAY)
GROUP BY room, sensor_type, dt
