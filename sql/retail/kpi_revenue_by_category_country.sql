-- gold.retail_revenue_by_category_country: daily revenue, orders and units per product category
-- and customer country. Order lines carry product and customer ids; categories and countries come
-- from the latest product and customer records in the same silver table.
CREATE OR REPLACE TABLE gold.retail_revenue_by_category_country AS
WITH products AS (
  SELECT product_id, category
  FROM silver.retail
  WHERE record_type = 'product'
  QUALIFY ROW_NUMBER() OVER (PARTITION BY product_id ORDER BY {{time_field}} DESC) = 1
),
customers AS (
  SELECT customer_id, country
  FROM silver.retail
  WHERE record_type = 'customer'
  QUALIFY ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY {{time_field}} DESC) = 1
)
SELECT
  l.dt,
  COALESCE(p.category, 'unknown') AS category,
  COALESCE(c.country, 'unknown') AS country,
  ROUND(SUM(l.line_total), 2) AS revenue,
  COUNT(DISTINCT l.order_id) AS orders,
  SUM(l.quantity) AS units
FROM silver.retail AS l
LEFT JOIN products AS p USING (product_id)
LEFT JOIN customers AS c USING (customer_id)
WHERE l.record_type = 'order_line'
  AND l.dt >= DATE_SUB(CURRENT_DATE(), INTERVAL {{scan_days}} DAY)
GROUP BY 1, 2, 3
