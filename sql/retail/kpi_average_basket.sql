-- gold.retail_average_basket: orders, mean basket value and mean lines per order, per day.
CREATE OR REPLACE TABLE gold.retail_average_basket AS
WITH baskets AS (
  SELECT dt, order_id, SUM(line_total) AS basket, COUNT(*) AS lines
  FROM silver.retail
  WHERE record_type = 'order_line'
    AND dt >= DATE_SUB(CURRENT_DATE(), INTERVAL {{scan_days}} DAY)
  GROUP BY dt, order_id
)
SELECT
  dt,
  COUNT(*) AS orders,
  ROUND(AVG(basket), 2) AS avg_basket,
  ROUND(AVG(lines), 2) AS avg_lines
FROM baskets
GROUP BY dt
