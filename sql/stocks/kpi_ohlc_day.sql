-- gold.stocks_ohlc_day: per-instrument daily OHLC, volume and change against the previous close.
CREATE OR REPLACE TABLE gold.stocks_ohlc_day AS
WITH days AS (
  SELECT
    instrument_token,
    ANY_VALUE(tradingsymbol) AS tradingsymbol,
    dt,
    ARRAY_AGG(last_price ORDER BY {{time_field}} ASC LIMIT 1)[OFFSET(0)] AS open,
    MAX(last_price) AS high,
    MIN(last_price) AS low,
    ARRAY_AGG(last_price ORDER BY {{time_field}} DESC LIMIT 1)[OFFSET(0)] AS close,
    MAX(volume) AS volume,
    COUNT(*) AS ticks
  FROM silver.stocks
  WHERE dt >= DATE_SUB(CURRENT_DATE(), INTERVAL {{scan_days}} DAY)
  GROUP BY instrument_token, dt
)
SELECT
  *,
  ROUND(close - LAG(close) OVER (PARTITION BY instrument_token ORDER BY dt), 4) AS change,
  ROUND(SAFE_DIVIDE(close - LAG(close) OVER (PARTITION BY instrument_token ORDER BY dt), LAG(close) OVER (PARTITION BY instrument_token ORDER BY dt)) * 100, 4) AS change_pct
FROM days
