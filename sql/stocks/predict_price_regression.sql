-- ml.stocks_price_regression_predictions: predicted against actual price for the latest day's ticks.
CREATE OR REPLACE TABLE ml.stocks_price_regression_predictions AS
SELECT *
FROM ML.PREDICT(
  MODEL ml.stocks_price_regression,
  (
    SELECT event_id, instrument_token, {{time_field}}, {{features}}, {{label}}
    FROM silver.stocks
    WHERE dt >= DATE_SUB(CURRENT_DATE(), INTERVAL 1 DAY)
  )
)
