-- ml.iot_temperature_forecast_predictions: the next {{horizon}} hours of temperature per room, with a 90% interval.
CREATE OR REPLACE TABLE ml.iot_temperature_forecast_predictions AS
SELECT *
FROM ML.FORECAST(MODEL ml.iot_temperature_forecast, STRUCT({{horizon}} AS horizon, 0.9 AS confidence_level))
