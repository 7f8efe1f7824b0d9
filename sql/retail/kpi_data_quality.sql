-- gold.retail_data_quality: per day, records accepted by type, records quarantined by rule, and
-- duplicate copies the silver view removed (copies of an event_id beyond the first).
CREATE OR REPLACE TABLE gold.retail_data_quality AS
SELECT dt, 'accepted' AS outcome, record_type AS detail, COUNT(*) AS records
FROM silver.retail
WHERE dt >= DATE_SUB(CURRENT_DATE(), INTERVAL {{scan_days}} DAY)
GROUP BY dt, record_type
UNION ALL
SELECT dt, 'quarantined' AS outcome, rule AS detail, COUNT(*) AS records
FROM quarantine.retail
WHERE dt >= DATE_SUB(CURRENT_DATE(), INTERVAL {{scan_days}} DAY)
GROUP BY dt, rule
UNION ALL
SELECT dt, 'duplicate' AS outcome, 'event_id' AS detail, COUNT(*) - COUNT(DISTINCT event_id) AS records
FROM silver.retail_lake
WHERE dt >= DATE_SUB(CURRENT_DATE(), INTERVAL {{scan_days}} DAY)
GROUP BY dt
