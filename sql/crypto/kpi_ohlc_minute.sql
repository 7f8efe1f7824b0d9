-- gold.crypto_ohlc_minute: OHLC of the polled price per symbol and minute.
CREATE OR REPLACE TABLE gold.crypto_ohlc_minute AS
SELECT
  symbol,
  asset_class,
  TIMESTAMP_TRUNC({{time_field}}, MINUTE) AS minute,
  ARRAY_AGG(price ORDER BY {{time_field}} ASC LIMIT 1)[OFFSET(0)] AS open,
  MAX(price) AS high,
  MIN(price) AS low,
  ARRAY_AGG(price ORDER BY {{time_field}} DESC LIMIT 1)[OFFSET(0)] AS close,
  COUNT(*) AS quotes
FROM silver.crypto
WHERE dt >= DATE_SUB(CURRENT_DATE(), INTERVAL {{scan_days}} DAY)
GROUP BY symbol, asset_class, minute
