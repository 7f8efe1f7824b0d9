CREATE OR REPLACE TABLE ml.alpha_segments_predictions AS
SELECT * FROM ML.PREDICT(MODEL ml.alpha_segments, (SELECT value FROM silver.alpha))
