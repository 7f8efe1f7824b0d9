/**
 * DuckDB macros standing in for GoogleSQL functions DuckDB lacks or types differently; created
 * (as TEMP macros) on the emulator's connection when it opens.
 * ST_GEOGPOINT / ST_DISTANCE are a built-in replacement for the spatial extension, which cannot be
 * downloaded here: a point is a STRUCT(lon, lat) and distances are great-circle (haversine) metres
 * on BigQuery's sphere (radius 6371008.8 m).
 */
export const MACROS: readonly string[] = [
  `CREATE OR REPLACE TEMP MACRO __bq_limit(l, n) AS list_slice(l, 1, n)`,
  `CREATE OR REPLACE TEMP MACRO __bq_date_add(d, i) AS CAST(d + i AS DATE)`,
  `CREATE OR REPLACE TEMP MACRO __bq_date_sub(d, i) AS CAST(d - i AS DATE)`,
  `CREATE OR REPLACE TEMP MACRO st_geogpoint(lon, lat) AS {'lon': CAST(lon AS DOUBLE), 'lat': CAST(lat AS DOUBLE)}`,
  `CREATE OR REPLACE TEMP MACRO st_x(p) AS p.lon`,
  `CREATE OR REPLACE TEMP MACRO st_y(p) AS p.lat`,
  `CREATE OR REPLACE TEMP MACRO st_distance(a, b) AS 2 * 6371008.8 * asin(sqrt(
     power(sin(radians(b.lat - a.lat) / 2), 2) + cos(radians(a.lat)) * cos(radians(b.lat)) * power(sin(radians(b.lon - a.lon) / 2), 2)))`,
  `CREATE OR REPLACE TEMP MACRO st_dwithin(a, b, d) AS st_distance(a, b) <= d`,
];
