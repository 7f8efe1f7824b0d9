/**
 * DuckDB macros standing in for GoogleSQL functions DuckDB lacks or types differently; created
 * (as TEMP macros) on the emulator's connection when it opens.
 * ST_GEOGPOINT / ST_DISTANCE are a built-in replacement for the spatial extension, which cannot be
 * downloaded here: a point is a STRUCT(lon, lat) and distances are great-circle (haversine) metres
 * on the sphere of BigQuery's S2 library (radius 6371010 m, which reproduces BigQuery's published ST_DISTANCE output).
 */
export const MACROS: readonly string[] = [
  `CREATE OR REPLACE TEMP MACRO __bq_limit(l, n) AS list_slice(l, 1, n)`,
  `CREATE OR REPLACE TEMP MACRO __bq_date_add(d, i) AS CAST(d + i AS DATE)`,
  `CREATE OR REPLACE TEMP MACRO __bq_date_sub(d, i) AS CAST(d - i AS DATE)`,
  `CREATE OR REPLACE TEMP MACRO __bq_date_trunc(d, part) AS CAST(date_trunc(part, CAST(d AS DATE)) AS DATE)`,
  `CREATE OR REPLACE TEMP MACRO __bq_date_trunc_week(d, k) AS CAST(CAST(d AS DATE) - CAST((dayofweek(CAST(d AS DATE)) - k + 7) % 7 AS INTEGER) AS DATE)`,
  `CREATE OR REPLACE TEMP MACRO __bq_ts_trunc_week(t, k) AS date_trunc('day', t) - to_days(CAST((dayofweek(t) - k + 7) % 7 AS INTEGER))`,
  `CREATE OR REPLACE TEMP MACRO __bq_ts_diff(a, b, u) AS CASE WHEN epoch_us(a) >= epoch_us(b) THEN (epoch_us(a) - epoch_us(b)) // u ELSE -((epoch_us(b) - epoch_us(a)) // u) END`,
  `CREATE OR REPLACE TEMP MACRO __bq_format_timestamp(f, t, tz) AS strftime(timezone(tz, CAST(t AS TIMESTAMPTZ)), f)`,
  `CREATE OR REPLACE TEMP MACRO __bq_parse_timestamp(f, s) AS CAST(strptime(s, f) AS TIMESTAMPTZ)`,
  `CREATE OR REPLACE TEMP MACRO __bq_regexp_contains(s, re) AS regexp_matches(s, re)`,
  `CREATE OR REPLACE TEMP MACRO __bq_regexp_extract(s, re) AS CASE WHEN NOT regexp_matches(s, re) THEN NULL
     WHEN regexp_matches(re, '(^|[^\\\\])[(]([^?]|$)') THEN regexp_extract(s, re, 1) ELSE regexp_extract(s, re, 0) END`,
  `CREATE OR REPLACE TEMP MACRO __bq_date_in_zone(t, tz) AS CAST(timezone(tz, CAST(t AS TIMESTAMPTZ)) AS DATE)`,
  `CREATE OR REPLACE TEMP MACRO __bq_last_day_week(d, k) AS CAST(__bq_date_trunc_week(d, k) + 6 AS DATE)`,
  `CREATE OR REPLACE TEMP MACRO __bq_last_day(d, part) AS CAST(date_trunc(part, CAST(d AS DATE))
     + CASE part WHEN 'year' THEN INTERVAL 12 MONTH WHEN 'quarter' THEN INTERVAL 3 MONTH ELSE INTERVAL 1 MONTH END - INTERVAL 1 DAY AS DATE)`,
  `CREATE OR REPLACE TEMP MACRO __bq_isoweek(d) AS CAST(week(d) AS BIGINT)`,
  `CREATE OR REPLACE TEMP MACRO __bq_ts_trunc_week_tz(t, k, tz) AS timezone(tz, __bq_ts_trunc_week(timezone(tz, CAST(t AS TIMESTAMPTZ)), k))`,
  `CREATE OR REPLACE TEMP MACRO __bq_offset(o) AS CASE WHEN o < 0 THEN '-' ELSE '+' END || lpad(CAST(abs(o) // 3600 AS VARCHAR), 2, '0')
     || CASE WHEN abs(o) % 3600 = 0 THEN '' ELSE ':' || lpad(CAST(abs(o) % 3600 // 60 AS VARCHAR), 2, '0') END`,
  `CREATE OR REPLACE TEMP MACRO __bq_string_ts(t, tz) AS CAST(timezone(tz, CAST(t AS TIMESTAMPTZ)) AS VARCHAR)
     || __bq_offset(CAST(epoch(timezone(tz, CAST(t AS TIMESTAMPTZ))) - epoch(CAST(t AS TIMESTAMPTZ)) AS BIGINT))`,
  `CREATE OR REPLACE TEMP MACRO __bq_approx_quantiles(x, n) AS quantile_disc(x, list_transform(range(n + 1), i -> i / n))`,
  `CREATE OR REPLACE TEMP MACRO __bq_json_value(j, p) AS CASE WHEN json_type(json_extract(j, p)) IN ('OBJECT', 'ARRAY') THEN NULL ELSE json_extract_string(j, p) END`,
  `CREATE OR REPLACE TEMP MACRO ieee_divide(a, b) AS CAST(a AS DOUBLE) / CAST(b AS DOUBLE)`,
  `CREATE OR REPLACE TEMP MACRO __bq_safe(x) AS try(x)`,
  `CREATE OR REPLACE TEMP MACRO __bq_substr_pos(s, p) AS CASE WHEN p = 0 OR -p > length(s) THEN 1 WHEN p < 0 THEN length(s) + p + 1 ELSE p END`,
  `CREATE OR REPLACE TEMP MACRO __bq_substr(s, p, n) AS CASE WHEN n < 0 THEN CAST('Third argument in SUBSTR() cannot be negative' AS INTEGER)::VARCHAR
     WHEN n IS NULL THEN substring(s, __bq_substr_pos(s, p)) ELSE substring(s, __bq_substr_pos(s, p), n) END`,
  `CREATE OR REPLACE TEMP MACRO __bq_dayofweek(d) AS dayofweek(d) + 1`,
  `CREATE OR REPLACE TEMP MACRO __bq_week(d, k) AS CAST(floor((dayofyear(d) - 1 - (k - dayofweek(date_trunc('year', d)) + 7) % 7 + 7) / 7) AS BIGINT)`,
  `CREATE OR REPLACE TEMP MACRO __bq_timestamp_millis(n) AS CAST(epoch_ms(CAST(n AS BIGINT)) AS TIMESTAMPTZ)`,
  `CREATE OR REPLACE TEMP MACRO __bq_timestamp_micros(n) AS CAST(make_timestamp(CAST(n AS BIGINT)) AS TIMESTAMPTZ)`,
  `CREATE OR REPLACE TEMP MACRO __bq_generate_timestamp_array(a, b, step) AS generate_series(CAST(a AS TIMESTAMPTZ), CAST(b AS TIMESTAMPTZ), step)`,
  `CREATE OR REPLACE TEMP MACRO __bq_unnest_offset(arr) AS TABLE SELECT unnest(arr) AS e, generate_subscripts(arr, 1) - 1 AS o`,
  `CREATE OR REPLACE TEMP MACRO date_from_unix_date(n) AS CAST(DATE '1970-01-01' + CAST(n AS INTEGER) AS DATE)`,
  `CREATE OR REPLACE TEMP MACRO st_geogpoint(lon, lat) AS {'lon': CAST(lon AS DOUBLE), 'lat': CAST(lat AS DOUBLE)}`,
  `CREATE OR REPLACE TEMP MACRO st_x(p) AS p.lon`,
  `CREATE OR REPLACE TEMP MACRO st_y(p) AS p.lat`,
  `CREATE OR REPLACE TEMP MACRO st_distance(a, b) AS 2 * 6371010.0 * asin(sqrt(
     power(sin(radians(b.lat - a.lat) / 2), 2) + cos(radians(a.lat)) * cos(radians(b.lat)) * power(sin(radians(b.lon - a.lon) / 2), 2)))`,
  `CREATE OR REPLACE TEMP MACRO st_dwithin(a, b, d) AS st_distance(a, b) <= d`,
];
