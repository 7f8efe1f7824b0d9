-- ml.taxi_pickup_zones_predictions: the zone of each recent pickup, and the zone centroids.
CREATE OR REPLACE TABLE ml.taxi_pickup_zones_predictions AS
SELECT
  p.event_id,
  p.{{time_field}} AS event_time,
  p.CENTROID_ID AS zone,
  p.NEAREST_CENTROIDS_DISTANCE[OFFSET(0)].DISTANCE AS distance_to_centroid
FROM ML.PREDICT(
  MODEL ml.taxi_pickup_zones,
  (
    SELECT event_id, {{time_field}}, {{features}}
    FROM silver.taxi
    WHERE dt >= DATE_SUB(CURRENT_DATE(), INTERVAL 1 DAY)
  )
) AS p
