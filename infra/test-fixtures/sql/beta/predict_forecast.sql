CREATE OR REPLACE TABLE ml.beta_forecast_predictions AS
SELECT * FROM ML.FORECAST(MODEL ml.beta_forecast, STRUCT({{horizon}} AS horizon, 0.9 AS confidence_level))
