-- ml.retail_customer_segments: k-means customer segments on recency, frequency and monetary value.
CREATE OR REPLACE MODEL ml.retail_customer_segments
OPTIONS ({{model_options}}) AS
SELECT {{features}}
FROM (
  SELECT
    customer_id,
    DATE_DIFF(CURRENT_DATE(), MAX(dt), DAY) AS recency_days,
    COUNT(DISTINCT order_id) AS orders,
    SUM(line_total) AS revenue,
    SAFE_DIVIDE(SUM(line_total), COUNT(DISTINCT order_id)) AS avg_basket
  FROM silver.retail
  WHERE record_type = 'order_line'
    AND dt >= DATE_SUB(CURRENT_DATE(), INTERVAL {{train_days}} DAY)
  GROUP BY customer_id
)
