-- gold.retail_top_products: the 20 best-selling products by revenue per day.
CREATE OR REPLACE TABLE gold.retail_top_products AS
SELECT *
FROM (
  SELECT
    dt,
    product_id,
    ROUND(SUM(line_total), 2) AS revenue,
    SUM(quantity) AS units,
    COUNT(DISTINCT order_id) AS orders
  FROM silver.retail
  WHERE record_type = 'order_line'
    AND dt >= DATE_SUB(CURRENT_DATE(), INTERVAL {{scan_days}} DAY)
  GROUP BY dt, product_id
)
QUALIFY ROW_NUMBER() OVER (PARTITION BY dt ORDER BY revenue DESC, product_id) <= 20
