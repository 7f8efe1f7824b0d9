-- ml.stocks_price_forecast_by_instrument_predictions: the next {{horizon}} points per instrument.
CREATE OR REPLACE TABLE ml.stocks_price_forecast_by_instrument_predictions AS
SELECT *
FROM ML.FORECAST(MODEL ml.stocks_price_forecast_by_instrument, STRUCT({{horizon}} AS horizon, 0.9 AS confidence_level))
