/**
 * Golden GoogleSQL cases: each query is an example from BigQuery's own reference documentation,
 * and `rows` is the result that page shows for it (values written as the page displays them:
 * DATE `2008-12-25`, DATETIME `2008-12-25T15:30:00`, TIMESTAMP `2008-12-25 15:30:00 UTC`, ARRAY as a
 * list, NULL as null). The expectations are never adjusted to what the emulator gives; where the
 * emulator was wrong the translation in ../sql/ was fixed. Constructs the emulator cannot run are
 * in {@link UNSUPPORTED_CASES} with the error they must answer.
 */

/** One documented example and its documented result. */
export interface GoldenCase {
  /** Function or clause the example is for. */
  readonly name: string;
  /** The reference page the example is on. */
  readonly doc: string;
  readonly sql: string;
  /** Result rows, in order (queries without ORDER BY here have a single row or a fixed order on the page). */
  readonly rows: readonly Record<string, unknown>[];
}

/** A documented example the emulator refuses, and a pattern its error message must match. */
export interface UnsupportedCase {
  readonly name: string;
  readonly doc: string;
  readonly sql: string;
  /** The error names the construct. */
  readonly error: RegExp;
}

import { AGG, APPROX, ARRAY, COND, CONV, JSON_FNS, MATH, NAVIGATION, NUMBERING, QUERY, REF, STRING } from './pages';
import { TIME_CASES } from './time-cases';

/** Every documented example with its documented result. */
export const GOLDEN_CASES: readonly GoldenCase[] = [
  // Mathematical functions
  { name: 'SAFE_DIVIDE', doc: `${MATH}#safe_divide`, sql: 'SELECT SAFE_DIVIDE(20, 4) AS a, SAFE_DIVIDE(0, 20) AS b, SAFE_DIVIDE(20, 0) AS c', rows: [{ a: 5, b: 0, c: null }] },
  { name: 'DIV', doc: `${MATH}#div`, sql: 'SELECT DIV(20, 4) AS a, DIV(12, -7) AS b, DIV(20, 3) AS c', rows: [{ a: 5, b: -1, c: 6 }] },
  { name: 'MOD', doc: `${MATH}#mod`, sql: 'SELECT MOD(25, 12) AS a, MOD(-25, 12) AS b, MOD(25, -12) AS c', rows: [{ a: 1, b: -1, c: 1 }] },
  { name: 'SIGN and ABS', doc: `${MATH}#sign`, sql: 'SELECT SIGN(25) AS a, SIGN(0) AS b, SIGN(-25) AS c, ABS(-25) AS d', rows: [{ a: 1, b: 0, c: -1, d: 25 }] },
  {
    name: 'IEEE_DIVIDE',
    doc: `${MATH}#ieee_divide`,
    sql: 'SELECT IEEE_DIVIDE(20.0, 4.0) AS a, IEEE_DIVIDE(0.0, 25.0) AS b, IEEE_DIVIDE(25.0, 0.0) AS c, IEEE_DIVIDE(-25.0, 0.0) AS d, IEEE_DIVIDE(0.0, 0.0) AS e',
    rows: [{ a: 5, b: 0, c: Infinity, d: -Infinity, e: NaN }],
  },
  // Conditional expressions
  {
    name: 'IF',
    doc: `${COND}#if`,
    sql: `WITH Numbers AS (
  SELECT 10 as A, 20 as B UNION ALL
  SELECT 50, 30 UNION ALL
  SELECT 60, 60
)
SELECT
  A,
  B,
  IF(A < B, 'true', 'false') AS result
FROM Numbers`,
    rows: [
      { A: 10, B: 20, result: 'true' },
      { A: 50, B: 30, result: 'false' },
      { A: 60, B: 60, result: 'false' },
    ],
  },
  { name: 'IFNULL null', doc: `${COND}#ifnull`, sql: 'SELECT IFNULL(NULL, 0) as result', rows: [{ result: 0 }] },
  { name: 'IFNULL value', doc: `${COND}#ifnull`, sql: 'SELECT IFNULL(10, 0) as result', rows: [{ result: 10 }] },
  { name: 'NULLIF', doc: `${COND}#nullif`, sql: 'SELECT NULLIF(0, 0) as result', rows: [{ result: null }] },
  { name: 'COALESCE', doc: `${COND}#coalesce`, sql: "SELECT COALESCE(NULL, 'B', 'C') as result", rows: [{ result: 'B' }] },
  {
    name: 'CASE expr',
    doc: `${COND}#case_expr`,
    sql: `WITH Numbers AS (
  SELECT 90 as A, 2 as B UNION ALL
  SELECT 50, 8 UNION ALL
  SELECT 60, 6 UNION ALL
  SELECT 50, 10
)
SELECT
  A,
  B,
  CASE A
    WHEN 90 THEN 'red'
    WHEN 50 THEN 'blue'
    ELSE 'green'
    END
    AS result
FROM Numbers`,
    rows: [
      { A: 90, B: 2, result: 'red' },
      { A: 50, B: 8, result: 'blue' },
      { A: 60, B: 6, result: 'green' },
      { A: 50, B: 10, result: 'blue' },
    ],
  },
  // Aggregate functions
  { name: 'COUNTIF', doc: `${AGG}#countif`, sql: 'SELECT COUNTIF(x<0) AS num_negative, COUNTIF(x>0) AS num_positive\nFROM UNNEST([5, -2, 3, 6, -10, -7, 4, 0]) AS x', rows: [{ num_negative: 3, num_positive: 4 }] },
  { name: 'ARRAY_AGG', doc: `${AGG}#array_agg`, sql: 'SELECT ARRAY_AGG(x) AS array_agg FROM UNNEST([2, 1,-2, 3, -2, 1, 2]) AS x', rows: [{ array_agg: [2, 1, -2, 3, -2, 1, 2] }] },
  { name: 'ARRAY_AGG LIMIT', doc: `${AGG}#array_agg`, sql: 'SELECT ARRAY_AGG(x LIMIT 5) AS array_agg\nFROM UNNEST([2, 1, -2, 3, -2, 1, 2]) AS x', rows: [{ array_agg: [2, 1, -2, 3, -2] }] },
  { name: 'STRING_AGG', doc: `${AGG}#string_agg`, sql: 'SELECT STRING_AGG(fruit) AS string_agg\nFROM UNNEST(["apple", NULL, "pear", "banana", "pear"]) AS fruit', rows: [{ string_agg: 'apple,pear,banana,pear' }] },
  { name: 'STRING_AGG delimiter', doc: `${AGG}#string_agg`, sql: 'SELECT STRING_AGG(fruit, " & ") AS string_agg\nFROM UNNEST(["apple", NULL, "pear", "banana", "pear"]) AS fruit', rows: [{ string_agg: 'apple & pear & banana & pear' }] },
  {
    name: 'STRING_AGG ORDER BY',
    doc: `${AGG}#string_agg`,
    sql: 'SELECT STRING_AGG(fruit, " & " ORDER BY LENGTH(fruit)) AS string_agg\nFROM UNNEST(["apple", NULL, "pear", "banana", "pear"]) AS fruit',
    rows: [{ string_agg: 'pear & pear & apple & banana' }],
  },
  { name: 'COUNT', doc: `${AGG}#count`, sql: 'SELECT\n  COUNT(*) AS count_star,\n  COUNT(DISTINCT x) AS count_dist_non_null\nFROM UNNEST([1, 4, 4, 5]) AS x', rows: [{ count_star: 4, count_dist_non_null: 3 }] },
  { name: 'AVG', doc: `${AGG}#avg`, sql: 'SELECT AVG(x) as avg\nFROM UNNEST([0, 2, 4, 4, 5]) as x', rows: [{ avg: 3 }] },
  { name: 'SUM', doc: `${AGG}#sum`, sql: 'SELECT SUM(x) AS sum\nFROM UNNEST([1, 2, 3, 4, 5, 4, 3, 2, 1]) AS x', rows: [{ sum: 25 }] },
  { name: 'MAX and MIN', doc: `${AGG}#max`, sql: 'SELECT MAX(x) AS max, MIN(x) AS min\nFROM UNNEST([8, 37, 55, 4]) AS x', rows: [{ max: 55, min: 4 }] },
  { name: 'LOGICAL_AND', doc: `${AGG}#logical_and`, sql: 'SELECT LOGICAL_AND(x < 3) AS logical_and FROM UNNEST([1, 2, 4]) AS x', rows: [{ logical_and: false }] },
  { name: 'LOGICAL_OR', doc: `${AGG}#logical_or`, sql: 'SELECT LOGICAL_OR(x < 3) AS logical_or FROM UNNEST([1, 2, 4]) AS x', rows: [{ logical_or: true }] },
  { name: 'APPROX_QUANTILES', doc: `${APPROX}#approx_quantiles`, sql: 'SELECT APPROX_QUANTILES(x, 2) AS approx_quantiles\nFROM UNNEST([1, 1, 1, 4, 5, 6, 7, 8, 9, 10]) AS x', rows: [{ approx_quantiles: [1, 5, 10] }] },
  {
    name: 'PERCENTILE_CONT',
    doc: `${NAVIGATION}#percentile_cont`,
    sql: `SELECT
  PERCENTILE_CONT(x, 0) OVER() AS min,
  PERCENTILE_CONT(x, 0.01) OVER() AS percentile1,
  PERCENTILE_CONT(x, 0.5) OVER() AS median,
  PERCENTILE_CONT(x, 0.9) OVER() AS percentile90,
  PERCENTILE_CONT(x, 1) OVER() AS max
FROM UNNEST([0, 3, NULL, 1, 2]) AS x LIMIT 1`,
    rows: [{ min: 0, percentile1: 0.03, median: 1.5, percentile90: 2.7, max: 3 }],
  },
  { name: 'APPROX_COUNT_DISTINCT', doc: `${APPROX}#approx_count_distinct`, sql: 'SELECT APPROX_COUNT_DISTINCT(x) as approx_distinct\nFROM UNNEST([0, 1, 1, 2, 3, 5]) as x', rows: [{ approx_distinct: 5 }] },
  ...TIME_CASES,
  // Array functions
  { name: 'GENERATE_DATE_ARRAY', doc: `${ARRAY}#generate_date_array`, sql: "SELECT GENERATE_DATE_ARRAY('2016-10-05', '2016-10-08') AS example", rows: [{ example: ['2016-10-05', '2016-10-06', '2016-10-07', '2016-10-08'] }] },
  {
    name: 'GENERATE_DATE_ARRAY step',
    doc: `${ARRAY}#generate_date_array`,
    sql: "SELECT GENERATE_DATE_ARRAY(\n '2016-10-05', '2016-10-09', INTERVAL 2 DAY) AS example",
    rows: [{ example: ['2016-10-05', '2016-10-07', '2016-10-09'] }],
  },
  {
    name: 'GENERATE_DATE_ARRAY months',
    doc: `${ARRAY}#generate_date_array`,
    sql: "SELECT GENERATE_DATE_ARRAY('2016-01-01',\n  '2016-12-31', INTERVAL 2 MONTH) AS example",
    rows: [{ example: ['2016-01-01', '2016-03-01', '2016-05-01', '2016-07-01', '2016-09-01', '2016-11-01'] }],
  },
  { name: 'GENERATE_ARRAY', doc: `${ARRAY}#generate_array`, sql: 'SELECT GENERATE_ARRAY(1, 5) AS example_array', rows: [{ example_array: [1, 2, 3, 4, 5] }] },
  { name: 'GENERATE_ARRAY negative step', doc: `${ARRAY}#generate_array`, sql: 'SELECT GENERATE_ARRAY(10, 0, -3) AS example_array', rows: [{ example_array: [10, 7, 4, 1] }] },
  { name: 'ARRAY_CONCAT', doc: `${ARRAY}#array_concat`, sql: 'SELECT ARRAY_CONCAT([1, 2], [3, 4], [5, 6]) as count_to_six', rows: [{ count_to_six: [1, 2, 3, 4, 5, 6] }] },
  {
    name: 'ARRAY_TO_STRING',
    doc: `${ARRAY}#array_to_string`,
    sql: "WITH items AS\n  (SELECT ['coffee', 'tea', 'milk' ] as list\n  UNION ALL\n  SELECT ['cake', 'pie', NULL] as list)\n\nSELECT ARRAY_TO_STRING(list, '--') AS text\nFROM items",
    rows: [{ text: 'coffee--tea--milk' }, { text: 'cake--pie' }],
  },
  {
    name: 'UNNEST typed STRUCT array',
    doc: `${QUERY}#unnest_operator`,
    sql: `SELECT *
FROM UNNEST(
  ARRAY<
    STRUCT<
      x INT64,
      y STRING,
      z STRUCT<a INT64, b INT64>>>[
        (1, 'foo', (10, 11)),
        (3, 'bar', (20, 21))])`,
    rows: [
      { x: 1, y: 'foo', z: { a: 10, b: 11 } },
      { x: 3, y: 'bar', z: { a: 20, b: 21 } },
    ],
  },
  {
    name: 'UNNEST WITH OFFSET',
    doc: `${QUERY}#unnest_operator`,
    sql: "SELECT *\nFROM UNNEST(['foo', 'bar', 'baz', 'qux', 'corge', 'garply', 'waldo', 'fred'])\n  AS element\nWITH OFFSET AS offset\nORDER BY offset",
    rows: ['foo', 'bar', 'baz', 'qux', 'corge', 'garply', 'waldo', 'fred'].map((element, offset) => ({ element, offset })),
  },
  {
    name: 'ARRAY_REVERSE',
    doc: `${ARRAY}#array_reverse`,
    sql: 'WITH example AS (\n  SELECT [1, 2, 3] AS arr UNION ALL\n  SELECT [4, 5] AS arr UNION ALL\n  SELECT [] AS arr\n)\nSELECT\n  arr,\n  ARRAY_REVERSE(arr) AS reverse_arr\nFROM example',
    rows: [
      { arr: [1, 2, 3], reverse_arr: [3, 2, 1] },
      { arr: [4, 5], reverse_arr: [5, 4] },
      { arr: [], reverse_arr: [] },
    ],
  },
  // String functions
  { name: 'SPLIT', doc: `${STRING}#split`, sql: "SELECT SPLIT('b c d', ' ') as example", rows: [{ example: ['b', 'c', 'd'] }] },
  {
    name: 'REGEXP_EXTRACT_ALL',
    doc: `${STRING}#regexp_extract_all`,
    sql: "SELECT REGEXP_EXTRACT_ALL('Try `func(x)` or `func(y)`', '`(.+?)`') AS example",
    rows: [{ example: ['func(x)', 'func(y)'] }],
  },
  {
    name: 'REGEXP_CONTAINS',
    doc: `${STRING}#regexp_contains`,
    sql: "SELECT\n  'foo@example.com' AS email,\n  REGEXP_CONTAINS('foo@example.com', r'@[a-zA-Z0-9-]+\\.[a-zA-Z0-9-.]+') AS is_valid",
    rows: [{ email: 'foo@example.com', is_valid: true }],
  },
  {
    name: 'REGEXP_CONTAINS anchored',
    doc: `${STRING}#regexp_contains`,
    sql: "SELECT\n  'www.example.net' AS URL,\n  REGEXP_CONTAINS('www.example.net', r'^https?://[a-zA-Z0-9-]+\\.[a-zA-Z0-9-.]+') AS valid_url",
    rows: [{ URL: 'www.example.net', valid_url: false }],
  },
  { name: 'REGEXP_EXTRACT', doc: `${STRING}#regexp_extract`, sql: "SELECT REGEXP_EXTRACT('foo@example.com', r'^[a-zA-Z0-9_.+-]+') AS user_name", rows: [{ user_name: 'foo' }] },
  { name: 'REGEXP_EXTRACT group', doc: `${STRING}#regexp_extract`, sql: "SELECT REGEXP_EXTRACT('foo@example.com', r'^([a-zA-Z0-9_.+-]+)@') AS user_name", rows: [{ user_name: 'foo' }] },
  { name: 'REGEXP_REPLACE', doc: `${STRING}#regexp_replace`, sql: "SELECT REGEXP_REPLACE('# Heading', r'^# ([a-zA-Z0-9\\s]+$)', '<h1>\\\\1</h1>') AS html", rows: [{ html: '<h1>Heading</h1>' }] },
  { name: 'ROUND', doc: `${MATH}#round`, sql: 'SELECT ROUND(2.5) AS a, ROUND(-2.5) AS b, ROUND(123.7, -1) AS c, ROUND(1.235, 2) AS d', rows: [{ a: 3, b: -3, c: 120, d: 1.24 }] },
  { name: 'TRUNC and CEIL', doc: `${MATH}#trunc`, sql: 'SELECT TRUNC(2.8) AS a, TRUNC(-2.8) AS b, CEIL(2.3) AS c, FLOOR(-2.3) AS d', rows: [{ a: 2, b: -2, c: 3, d: -3 }] },
  { name: 'CONCAT', doc: `${STRING}#concat`, sql: "SELECT CONCAT('T.P.', ' ', 'Bar') as author", rows: [{ author: 'T.P. Bar' }] },
  { name: 'STARTS_WITH', doc: `${STRING}#starts_with`, sql: "SELECT STARTS_WITH('bar', 'b') AS example", rows: [{ example: true }] },
  { name: 'ENDS_WITH', doc: `${STRING}#ends_with`, sql: "SELECT ENDS_WITH('apple', 'e') as example", rows: [{ example: true }] },
  { name: 'REVERSE', doc: `${STRING}#reverse`, sql: "SELECT REVERSE('abc') AS results", rows: [{ results: 'cba' }] },
  { name: 'REPEAT', doc: `${STRING}#repeat`, sql: "SELECT REPEAT('abc', 3) AS results", rows: [{ results: 'abcabcabc' }] },
  {
    name: 'REPLACE',
    doc: `${STRING}#replace`,
    sql: "WITH desserts AS\n  (SELECT 'apple pie' as dessert\n  UNION ALL\n  SELECT 'blackberry pie' as dessert\n  UNION ALL\n  SELECT 'cherry pie' as dessert)\n\nSELECT\n  REPLACE (dessert, 'pie', 'cobbler') as example\nFROM desserts",
    rows: [{ example: 'apple cobbler' }, { example: 'blackberry cobbler' }, { example: 'cherry cobbler' }],
  },
  {
    name: 'SUBSTR',
    doc: `${STRING}#substr`,
    sql: "SELECT SUBSTR('apple', 2) AS a, SUBSTR('apple', 2, 2) AS b, SUBSTR('apple', -2) AS c, SUBSTR('apple', 1, 123) AS d, SUBSTR('apple', 123) AS e",
    rows: [{ a: 'pple', b: 'pp', c: 'le', d: 'apple', e: '' }],
  },
  { name: 'STRPOS', doc: `${STRING}#strpos`, sql: "SELECT STRPOS('foo@example.com', '@') AS example", rows: [{ example: 4 }] },
  { name: 'TRIM', doc: `${STRING}#trim`, sql: "SELECT TRIM('   apple   ') AS a, TRIM('***apple***', '*') AS b, LTRIM('***apple***', '*') AS c", rows: [{ a: 'apple', b: 'apple', c: 'apple***' }] },
  { name: 'UPPER and LOWER', doc: `${STRING}#upper`, sql: "SELECT UPPER('foo') AS a, LOWER('FOO') AS b", rows: [{ a: 'FOO', b: 'foo' }] },
  {
    name: 'ARRAY_LENGTH',
    doc: `${ARRAY}#array_length`,
    sql: "SELECT\n  ARRAY_LENGTH(['coffee', NULL, 'milk' ]) AS size_a,\n  ARRAY_LENGTH(['cake', 'pie']) AS size_b",
    rows: [{ size_a: 3, size_b: 2 }],
  },
  { name: 'FORMAT', doc: `${STRING}#format_string`, sql: "SELECT FORMAT('%d', 10) AS a, FORMAT('|%10d|', 11) AS b", rows: [{ a: '10', b: '|        11|' }] },
  // JSON functions
  { name: 'JSON_VALUE', doc: `${JSON_FNS}#json_value`, sql: 'SELECT JSON_VALUE(\'{"name": "Jakob", "age": "6" }\', \'$.age\') AS scalar_age', rows: [{ scalar_age: '6' }] },
  { name: 'JSON_VALUE non-scalar', doc: `${JSON_FNS}#json_value`, sql: 'SELECT JSON_VALUE(\'{"fruits": ["apple", "banana"]}\', \'$.fruits\') AS json_value', rows: [{ json_value: null }] },
  {
    name: 'JSON_QUERY',
    doc: `${JSON_FNS}#json_query`,
    sql: 'SELECT JSON_QUERY(\'{"class": {"students": [{"name": "Jane"}]}}\', \'$.class\') AS json_text_string',
    rows: [{ json_text_string: '{"students":[{"name":"Jane"}]}' }],
  },
  {
    name: 'TO_JSON_STRING',
    doc: `${JSON_FNS}#to_json_string`,
    sql: 'SELECT TO_JSON_STRING(STRUCT(1 AS id, [10,20] AS coordinates)) AS json_data',
    rows: [{ json_data: '{"id":1,"coordinates":[10,20]}' }],
  },
  {
    name: 'SAFE. prefix',
    doc: `${REF}/functions-reference#safe_prefix`,
    sql: "SELECT SAFE.SUBSTR('foo', 0, -2) AS safe_output UNION ALL\nSELECT SAFE.SUBSTR('bar', 0, 2) AS safe_output",
    rows: [{ safe_output: null }, { safe_output: 'ba' }],
  },
  // Conversion
  { name: 'SAFE_CAST', doc: `${CONV}#safe_casting`, sql: 'SELECT SAFE_CAST("apple" AS INT64) AS not_a_number', rows: [{ not_a_number: null }] },
  // Geography (points only; see UNSUPPORTED.md)
  {
    // BigQuery output shown in Classmethod's BigQuery GIS walkthrough (the reference page has no numeric example).
    name: 'ST_DISTANCE',
    doc: 'https://dev.classmethod.jp/articles/bigquery-geography-functions-try/',
    sql: 'select ST_DISTANCE(ST_GEOGPOINT(139.7454316, 35.658584),ST_GEOGPOINT(139.8108103, 35.7100069)) as distance',
    rows: [{ distance: 8219.632821167155 }],
  },
  // Numbering (window) functions
  {
    name: 'RANK, DENSE_RANK, ROW_NUMBER',
    doc: `${NUMBERING}#rank`,
    sql: `WITH Numbers AS
 (SELECT 1 as x
  UNION ALL SELECT 2
  UNION ALL SELECT 2
  UNION ALL SELECT 5
  UNION ALL SELECT 8
  UNION ALL SELECT 10
  UNION ALL SELECT 10
)
SELECT x,
  RANK() OVER (ORDER BY x ASC) AS rank,
  DENSE_RANK() OVER (ORDER BY x ASC) AS dense_rank,
  ROW_NUMBER() OVER (ORDER BY x) AS row_num
FROM Numbers
ORDER BY row_num`,
    rows: [
      { x: 1, rank: 1, dense_rank: 1, row_num: 1 },
      { x: 2, rank: 2, dense_rank: 2, row_num: 2 },
      { x: 2, rank: 2, dense_rank: 2, row_num: 3 },
      { x: 5, rank: 4, dense_rank: 3, row_num: 4 },
      { x: 8, rank: 5, dense_rank: 4, row_num: 5 },
      { x: 10, rank: 6, dense_rank: 5, row_num: 6 },
      { x: 10, rank: 6, dense_rank: 5, row_num: 7 },
    ],
  },
  {
    name: 'LEAD',
    doc: `${NAVIGATION}#lead`,
    sql: `WITH finishers AS
 (SELECT 'Sophia Liu' as name,
  TIMESTAMP '2016-10-18 2:51:45' as finish_time,
  'F30-34' as division
  UNION ALL SELECT 'Lisa Stelzner', TIMESTAMP '2016-10-18 2:54:11', 'F35-39'
  UNION ALL SELECT 'Nikki Leith', TIMESTAMP '2016-10-18 2:59:01', 'F30-34'
  UNION ALL SELECT 'Lauren Matthews', TIMESTAMP '2016-10-18 3:01:17', 'F35-39'
  UNION ALL SELECT 'Desiree Berry', TIMESTAMP '2016-10-18 3:05:42', 'F35-39'
  UNION ALL SELECT 'Suzy Slane', TIMESTAMP '2016-10-18 3:06:24', 'F35-39'
  UNION ALL SELECT 'Jen Edwards', TIMESTAMP '2016-10-18 3:06:36', 'F30-34'
  UNION ALL SELECT 'Meghan Lederer', TIMESTAMP '2016-10-18 3:07:41', 'F30-34'
  UNION ALL SELECT 'Carly Forte', TIMESTAMP '2016-10-18 3:08:58', 'F25-29'
  UNION ALL SELECT 'Lauren Reasoner', TIMESTAMP '2016-10-18 3:10:14', 'F30-34')
SELECT name,
  division,
  LEAD(name)
    OVER (PARTITION BY division ORDER BY finish_time ASC) AS followed_by
FROM finishers
ORDER BY division, finish_time`,
    rows: (
      [
        ['Carly Forte', 'F25-29', null], ['Sophia Liu', 'F30-34', 'Nikki Leith'], ['Nikki Leith', 'F30-34', 'Jen Edwards'],
        ['Jen Edwards', 'F30-34', 'Meghan Lederer'], ['Meghan Lederer', 'F30-34', 'Lauren Reasoner'], ['Lauren Reasoner', 'F30-34', null],
        ['Lisa Stelzner', 'F35-39', 'Lauren Matthews'], ['Lauren Matthews', 'F35-39', 'Desiree Berry'], ['Desiree Berry', 'F35-39', 'Suzy Slane'],
        ['Suzy Slane', 'F35-39', null],
      ] as const
    ).map(([name, division, followed_by]) => ({ name, division, followed_by })),
  },
  // Query syntax
  {
    name: 'QUALIFY',
    doc: `${QUERY}#qualify_clause`,
    sql: `WITH Produce AS
 (SELECT 'kale' as item, 23 as purchases, 'vegetable' as category
  UNION ALL SELECT 'banana', 2, 'fruit'
  UNION ALL SELECT 'cabbage', 9, 'vegetable'
  UNION ALL SELECT 'apple', 8, 'fruit'
  UNION ALL SELECT 'leek', 2, 'vegetable'
  UNION ALL SELECT 'lettuce', 10, 'vegetable')
SELECT
  item,
  RANK() OVER (PARTITION BY category ORDER BY purchases DESC) as rank
FROM Produce
WHERE Produce.category = 'vegetable'
QUALIFY rank <= 3
ORDER BY rank`,
    rows: [
      { item: 'kale', rank: 1 },
      { item: 'lettuce', rank: 2 },
      { item: 'cabbage', rank: 3 },
    ],
  },
  {
    name: 'SELECT * EXCEPT',
    doc: `${QUERY}#select_except`,
    sql: 'WITH orders AS\n  (SELECT 5 as order_id,\n  "sprocket" as item_name,\n  200 as quantity)\nSELECT * EXCEPT (order_id)\nFROM orders',
    rows: [{ item_name: 'sprocket', quantity: 200 }],
  },
  {
    name: 'SELECT * REPLACE',
    doc: `${QUERY}#select_replace`,
    sql: 'WITH orders AS\n  (SELECT 5 as order_id,\n  "sprocket" as item_name,\n  200 as quantity)\nSELECT * REPLACE ("widget" AS item_name)\nFROM orders',
    rows: [{ order_id: 5, item_name: 'widget', quantity: 200 }],
  },
  {
    name: 'SELECT * REPLACE expression',
    doc: `${QUERY}#select_replace`,
    sql: 'WITH orders AS\n  (SELECT 5 as order_id,\n  "sprocket" as item_name,\n  200 as quantity)\nSELECT * REPLACE (quantity/2 AS quantity)\nFROM orders',
    rows: [{ order_id: 5, item_name: 'sprocket', quantity: 100 }],
  },
];

export const UNSUPPORTED_CASES: readonly UnsupportedCase[] = [
  { name: 'SELECT AS STRUCT', doc: `${QUERY}#select_as_struct`, sql: 'SELECT ARRAY(SELECT AS STRUCT 1 a, 2 b)', error: /SELECT AS STRUCT is not supported by the BigQuery emulator at \[1:14\]/ },
  {
    name: 'APPROX_TOP_COUNT',
    doc: `${APPROX}#approx_top_count`,
    sql: 'SELECT APPROX_TOP_COUNT(x, 2) as approx_top_count\nFROM UNNEST(["apple", "apple", "pear", "pear", "pear", "banana"]) as x',
    error: /approx_top_count does not exist/,
  },
  { name: 'FARM_FINGERPRINT', doc: `${REF}/hash_functions#farm_fingerprint`, sql: "SELECT FARM_FINGERPRINT('foo') AS fingerprint", error: /farm_fingerprint does not exist/ },
  { name: 'INITCAP', doc: `${STRING}#initcap`, sql: "SELECT INITCAP('Hello World-everyone!') AS example", error: /Scalar Function with name initcap does not exist/ },
  {
    name: 'STRING_AGG LIMIT',
    doc: `${AGG}#string_agg`,
    sql: 'SELECT STRING_AGG(fruit, " & " LIMIT 2) AS string_agg\nFROM UNNEST(["apple", NULL, "pear", "banana", "pear"]) AS fruit',
    error: /STRING_AGG with LIMIT is not supported by the BigQuery emulator at \[1:8\]/,
  },
  {
    name: 'UNNEST WITH OFFSET without an element alias',
    doc: `${QUERY}#unnest_operator`,
    sql: 'SELECT * FROM UNNEST([10, 20]) WITH OFFSET',
    error: /UNNEST \.\.\. WITH OFFSET without an element alias is not supported by the BigQuery emulator at \[1:32\]/,
  },
  {
    name: 'DECLARE (procedural language)',
    doc: `${REF}/procedural-language#declare`,
    sql: 'DECLARE d DATE DEFAULT CURRENT_DATE();',
    error: /Scripting \(DECLARE\) is not supported by the BigQuery emulator at \[1:1\]/,
  },
  {
    name: 'REGEXP_EXTRACT position and occurrence',
    doc: `${STRING}#regexp_extract`,
    sql: "WITH example AS\n(SELECT 'Hello Helloo and Hellooo' AS value, 'H?ello+' AS regex, 1 AS position,\n1 AS occurrence)\nSELECT value, regex, position, occurrence, REGEXP_EXTRACT(value, regex,\nposition, occurrence) AS regexp_value FROM example",
    error: /REGEXP_EXTRACT with position or occurrence arguments is not supported/,
  },
];

