-- ml.stocks_price_forecast: ARIMA_PLUS on the average price per minute over all instruments' ticks.
CREATE OR REPLACE MODEL ml.stocks_price_forecast
OPTIONS ({{model_options}}) AS
SELECT TIMESTAMP_TRUNC({{time_field}}, MINUTE) AS {{timestamp_col}}, AVG(last_price) AS {{data_col}}
FROM silver.stocks
WHERE dt >= DATE_SUB(CURRENT_DATE(), INTERVAL {{train_days}} DAY)
GROUP BY 1
