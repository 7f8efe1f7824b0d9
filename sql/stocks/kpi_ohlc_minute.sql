-- gold.stocks_ohlc_minute: per-instrument OHLC and traded volume per minute.
-- volume is the day's cumulative volume in a tick, so a minute's volume is its max minus the
-- previous minute's max.
CREATE OR REPLACE TABLE gold.stocks_ohlc_minute AS
WITH ticks AS (
  SELECT instrument_token, tradingsymbol, {{time_field}} AS ts, last_price, volume, dt
  FROM silver.stocks
  WHERE dt >= DATE_SUB(CURRENT_DATE(), INTERVAL {{scan_days}} DAY)
),
minutes AS (
  SELECT
    instrument_token,
    ANY_VALUE(tradingsymbol) AS tradingsymbol,
    TIMESTAMP_TRUNC(ts, MINUTE) AS minute,
    ARRAY_AGG(last_price ORDER BY ts ASC LIMIT 1)[OFFSET(0)] AS open,
    MAX(last_price) AS high,
    MIN(last_price) AS low,
    ARRAY_AGG(last_price ORDER BY ts DESC LIMIT 1)[OFFSET(0)] AS close,
    MAX(volume) AS cumulative_volume,
    COUNT(*) AS ticks
  FROM ticks
  GROUP BY instrument_token, minute
)
SELECT
  instrument_token,
  tradingsymbol,
  minute,
  open,
  high,
  low,
  close,
  GREATEST(cumulative_volume - COALESCE(LAG(cumulative_volume) OVER (PARTITION BY instrument_token, DATE(minute) ORDER BY minute), 0), 0) AS volume,
  ticks
FROM minutes
