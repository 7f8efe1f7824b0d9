-- gold.taxi_revenue_by_comfort: estimated revenue, rides and trip shape per day and comfort level.
CREATE OR REPLACE TABLE gold.taxi_revenue_by_comfort AS
SELECT
  dt,
  comfort,
  COUNT(*) AS rides,
  ROUND(SUM(price_estimate), 2) AS revenue,
  ROUND(AVG(price_estimate), 2) AS avg_price,
  ROUND(AVG(distance_km), 3) AS avg_distance_km,
  ROUND(AVG(eta_minutes), 1) AS avg_eta_minutes
FROM silver.taxi
WHERE dt >= DATE_SUB(CURRENT_DATE(), INTERVAL {{scan_days}} DAY)
GROUP BY dt, comfort
