-- gold.crypto_daily_volume_trend: per symbol and day: volume, close, change against the previous
-- day's close and the trend (up / down / flat) of the close over a 7-day moving average.
CREATE OR REPLACE TABLE gold.crypto_daily_volume_trend AS
WITH days AS (
  SELECT
    symbol,
    asset_class,
    dt,
    MAX(volume) AS volume,
    ARRAY_AGG(price ORDER BY {{time_field}} DESC LIMIT 1)[OFFSET(0)] AS close
  FROM silver.crypto
  WHERE dt >= DATE_SUB(CURRENT_DATE(), INTERVAL {{scan_days}} DAY)
  GROUP BY symbol, asset_class, dt
),
trend AS (
  SELECT
    *,
    LAG(close) OVER (PARTITION BY symbol ORDER BY dt) AS prev_close,
    AVG(close) OVER (PARTITION BY symbol ORDER BY dt ROWS BETWEEN 6 PRECEDING AND CURRENT ROW) AS ma7
  FROM days
)
SELECT
  symbol,
  asset_class,
  dt,
  volume,
  close,
  ROUND(SAFE_DIVIDE(close - prev_close, prev_close) * 100, 4) AS change_pct,
  ROUND(ma7, 6) AS ma7,
  CASE WHEN close > ma7 * 1.001 THEN 'up' WHEN close < ma7 * 0.999 THEN 'down' ELSE 'flat' END AS trend
FROM trend
