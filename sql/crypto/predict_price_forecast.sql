-- ml.crypto_price_forecast_predictions: the next {{horizon}} minutes per symbol, with a 90% interval.
CREATE OR REPLACE TABLE ml.crypto_price_forecast_predictions AS
SELECT *
FROM ML.FORECAST(MODEL ml.crypto_price_forecast, STRUCT({{horizon}} AS horizon, 0.9 AS confidence_level))
