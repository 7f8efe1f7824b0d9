-- ml.iot_co2_forecast_predictions: the next {{horizon}} hours of co2 per room, with a 90% interval.
CREATE OR REPLACE TABLE ml.iot_co2_forecast_predictions AS
SELECT *
FROM ML.FORECAST(MODEL ml.iot_co2_forecast, STRUCT({{horizon}} AS horizon, 0.9 AS confidence_level))
