-- gold.taxi_rides_per_zone: rides per day and pickup zone (the k-means zone of ml.taxi_pickup_zones).
CREATE OR REPLACE TABLE gold.taxi_rides_per_zone AS
SELECT
  dt,
  CENTROID_ID AS zone,
  COUNT(*) AS rides,
  ROUND(SUM(price_estimate), 2) AS revenue,
  ROUND(AVG(eta_minutes), 1) AS avg_eta_minutes
FROM ML.PREDICT(
  MODEL ml.taxi_pickup_zones,
  (
    SELECT dt, price_estimate, eta_minutes, client.lat AS client_lat, client.lon AS client_lon
    FROM silver.taxi
    WHERE dt >= DATE_SUB(CURRENT_DATE(), INTERVAL {{scan_days}} DAY)
  )
)
GROUP BY dt, zone
