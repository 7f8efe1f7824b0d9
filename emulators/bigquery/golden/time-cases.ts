/**
 * Golden cases for date, datetime and timestamp functions (see ./cases.ts for the format).
 */
import type { GoldenCase } from './cases';
import { ARRAY, DATE, DATETIME, TS } from './pages';

/** Documented date / datetime / timestamp examples and their documented results. */
export const TIME_CASES: readonly GoldenCase[] = [
  // Date functions
  {
    // Not on the reference page: BigQuery output shown by count.co's BigQuery SQL resources (WEEK starts on Sunday).
    name: 'DATE_TRUNC WEEK starts on Sunday',
    doc: 'https://count.co/sql-resources/bigquery-standard-sql/date_trunc',
    sql: "SELECT\n  DATE_TRUNC(CAST('2021-01-01' AS DATE), MONTH) AS month,\n  DATE_TRUNC(CAST('2021-01-01' AS DATE), WEEK) AS week,\n  DATE_TRUNC(CAST('2021-01-01' AS DATE), YEAR) AS year",
    rows: [{ month: '2021-01-01', week: '2020-12-27', year: '2021-01-01' }],
  },
  { name: 'DATE_TRUNC MONTH', doc: `${DATE}#date_trunc`, sql: "SELECT DATE_TRUNC(DATE '2008-12-25', MONTH) AS month", rows: [{ month: '2008-12-01' }] },
  {
    name: 'DATE_TRUNC WEEK(MONDAY)',
    doc: `${DATE}#date_trunc`,
    sql: "SELECT\n  date AS original,\n  DATE_TRUNC(date, WEEK(MONDAY)) AS truncated\nFROM (SELECT DATE('2017-11-05') AS date)",
    rows: [{ original: '2017-11-05', truncated: '2017-10-30' }],
  },
  {
    name: 'DATE_TRUNC ISOYEAR',
    doc: `${DATE}#date_trunc`,
    sql: "SELECT\n  DATE_TRUNC('2015-06-15', ISOYEAR) AS isoyear_boundary,\n  EXTRACT(ISOYEAR FROM DATE '2015-06-15') AS isoyear_number",
    rows: [{ isoyear_boundary: '2014-12-29', isoyear_number: 2015 }],
  },
  { name: 'DATE_DIFF DAY', doc: `${DATE}#date_diff`, sql: "SELECT DATE_DIFF(DATE '2010-07-07', DATE '2008-12-25', DAY) AS days_diff", rows: [{ days_diff: 559 }] },
  {
    name: 'DATE_DIFF WEEK',
    doc: `${DATE}#date_diff`,
    sql: "SELECT\n  DATE_DIFF(DATE '2017-10-15', DATE '2017-10-14', DAY) AS days_diff,\n  DATE_DIFF(DATE '2017-10-15', DATE '2017-10-14', WEEK) AS weeks_diff",
    rows: [{ days_diff: 1, weeks_diff: 1 }],
  },
  {
    name: 'DATE_DIFF YEAR and ISOYEAR',
    doc: `${DATE}#date_diff`,
    sql: "SELECT\n  DATE_DIFF('2017-12-30', '2014-12-30', YEAR) AS year_diff,\n  DATE_DIFF('2017-12-30', '2014-12-30', ISOYEAR) AS isoyear_diff",
    rows: [{ year_diff: 3, isoyear_diff: 2 }],
  },
  {
    name: 'DATE_DIFF WEEK(MONDAY) and ISOWEEK',
    doc: `${DATE}#date_diff`,
    sql: "SELECT\n  DATE_DIFF('2017-12-18', '2017-12-17', WEEK) AS week_diff,\n  DATE_DIFF('2017-12-18', '2017-12-17', WEEK(MONDAY)) AS week_weekday_diff,\n  DATE_DIFF('2017-12-18', '2017-12-17', ISOWEEK) AS isoweek_diff",
    rows: [{ week_diff: 0, week_weekday_diff: 1, isoweek_diff: 1 }],
  },
  { name: 'DATE_ADD', doc: `${DATE}#date_add`, sql: "SELECT DATE_ADD(DATE '2008-12-25', INTERVAL 5 DAY) AS five_days_later", rows: [{ five_days_later: '2008-12-30' }] },
  { name: 'DATE_SUB', doc: `${DATE}#date_sub`, sql: "SELECT DATE_SUB(DATE '2008-12-25', INTERVAL 5 DAY) AS five_days_ago", rows: [{ five_days_ago: '2008-12-20' }] },
  { name: 'EXTRACT DAY', doc: `${DATE}#extract`, sql: "SELECT EXTRACT(DAY FROM DATE '2013-12-25') AS the_day", rows: [{ the_day: 25 }] },
  { name: 'LAST_DAY', doc: `${DATE}#last_day`, sql: "SELECT LAST_DAY(DATE '2008-11-25', MONTH) AS last_day", rows: [{ last_day: '2008-11-30' }] },
  { name: 'FORMAT_DATE %x', doc: `${DATE}#format_date`, sql: "SELECT FORMAT_DATE('%x', DATE '2008-12-25') AS US_format", rows: [{ US_format: '12/25/08' }] },
  { name: 'PARSE_DATE %x', doc: `${DATE}#parse_date`, sql: "SELECT PARSE_DATE('%x', '12/25/08') AS parsed", rows: [{ parsed: '2008-12-25' }] },
  { name: 'DATE_FROM_UNIX_DATE', doc: `${DATE}#date_from_unix_date`, sql: 'SELECT DATE_FROM_UNIX_DATE(14238) AS date_from_epoch', rows: [{ date_from_epoch: '2008-12-25' }] },
  {
    name: 'DATE constructors',
    doc: `${DATE}#date`,
    sql: "SELECT\n  DATE(2016, 12, 25) AS date_ymd,\n  DATE(DATETIME '2016-12-25 23:59:59') AS date_dt,\n  DATE(TIMESTAMP '2016-12-25 05:30:00+07', 'America/Los_Angeles') AS date_tstz",
    rows: [{ date_ymd: '2016-12-25', date_dt: '2016-12-25', date_tstz: '2016-12-24' }],
  },
  { name: 'FORMAT_DATE', doc: `${DATE}#format_date`, sql: "SELECT FORMAT_DATE('%b-%d-%Y', DATE '2008-12-25') AS formatted", rows: [{ formatted: 'Dec-25-2008' }] },
  { name: 'PARSE_DATE', doc: `${DATE}#parse_date`, sql: "SELECT PARSE_DATE('%Y%m%d', '20081225') AS parsed", rows: [{ parsed: '2008-12-25' }] },
  { name: 'UNIX_DATE', doc: `${DATE}#unix_date`, sql: "SELECT UNIX_DATE(DATE '2008-12-25') AS days_from_epoch", rows: [{ days_from_epoch: 14238 }] },
  { name: 'LAST_DAY WEEK(MONDAY)', doc: `${DATE}#last_day`, sql: "SELECT LAST_DAY(DATE '2008-11-10', WEEK(MONDAY)) AS last_day", rows: [{ last_day: '2008-11-16' }] },
  { name: 'LAST_DAY YEAR', doc: `${DATE}#last_day`, sql: "SELECT LAST_DAY(DATE '2008-11-25', YEAR) AS last_day", rows: [{ last_day: '2008-12-31' }] },
  { name: 'FORMAT_DATE month year', doc: `${DATE}#format_date`, sql: "SELECT FORMAT_DATE('%b %Y', DATE '2008-12-25') AS formatted", rows: [{ formatted: 'Dec 2008' }] },
  { name: 'PARSE_DATE weekday', doc: `${DATE}#parse_date`, sql: "SELECT PARSE_DATE('%A %b %e %Y', 'Thursday Dec 25 2008') AS parsed", rows: [{ parsed: '2008-12-25' }] },
  {
    name: 'EXTRACT ISOYEAR, ISOWEEK, YEAR, WEEK',
    doc: `${DATE}#extract`,
    sql: `SELECT
  date,
  EXTRACT(ISOYEAR FROM date) AS isoyear,
  EXTRACT(ISOWEEK FROM date) AS isoweek,
  EXTRACT(YEAR FROM date) AS year,
  EXTRACT(WEEK FROM date) AS week
FROM UNNEST(GENERATE_DATE_ARRAY('2015-12-23', '2016-01-09')) AS date
ORDER BY date`,
    rows: (
      [
        ['2015-12-23', 2015, 52, 2015, 51], ['2015-12-24', 2015, 52, 2015, 51], ['2015-12-25', 2015, 52, 2015, 51],
        ['2015-12-26', 2015, 52, 2015, 51], ['2015-12-27', 2015, 52, 2015, 52], ['2015-12-28', 2015, 53, 2015, 52],
        ['2015-12-29', 2015, 53, 2015, 52], ['2015-12-30', 2015, 53, 2015, 52], ['2015-12-31', 2015, 53, 2015, 52],
        ['2016-01-01', 2015, 53, 2016, 0], ['2016-01-02', 2015, 53, 2016, 0], ['2016-01-03', 2015, 53, 2016, 1],
        ['2016-01-04', 2016, 1, 2016, 1], ['2016-01-05', 2016, 1, 2016, 1], ['2016-01-06', 2016, 1, 2016, 1],
        ['2016-01-07', 2016, 1, 2016, 1], ['2016-01-08', 2016, 1, 2016, 1], ['2016-01-09', 2016, 1, 2016, 1],
      ] as const
    ).map(([date, isoyear, isoweek, year, week]) => ({ date, isoyear, isoweek, year, week })),
  },
  // Datetime functions
  {
    name: 'DATETIME_ADD and DATETIME_SUB',
    doc: `${DATETIME}#datetime_add`,
    sql: 'SELECT\n  DATETIME_ADD(DATETIME "2008-12-25 15:30:00", INTERVAL 10 MINUTE) as later,\n  DATETIME_SUB(DATETIME "2008-12-25 15:30:00", INTERVAL 10 MINUTE) as earlier',
    rows: [{ later: '2008-12-25T15:40:00', earlier: '2008-12-25T15:20:00' }],
  },
  {
    name: 'DATETIME_DIFF',
    doc: `${DATETIME}#datetime_diff`,
    sql: 'SELECT\n  DATETIME_DIFF(DATETIME "2010-07-07 10:20:00", DATETIME "2008-12-25 15:30:00", DAY) as difference',
    rows: [{ difference: 559 }],
  },
  { name: 'FORMAT_DATETIME %c', doc: `${DATETIME}#format_datetime`, sql: 'SELECT\n  FORMAT_DATETIME("%c", DATETIME "2008-12-25 15:30:00")\n  AS formatted', rows: [{ formatted: 'Thu Dec 25 15:30:00 2008' }] },
  { name: 'FORMAT_DATETIME', doc: `${DATETIME}#format_datetime`, sql: 'SELECT\n  FORMAT_DATETIME("%b-%d-%Y", DATETIME "2008-12-25 15:30:00")\n  AS formatted', rows: [{ formatted: 'Dec-25-2008' }] },
  { name: 'PARSE_DATETIME', doc: `${DATETIME}#parse_datetime`, sql: "SELECT PARSE_DATETIME('%Y-%m-%d %H:%M:%S', '1998-10-18 13:45:55') AS datetime", rows: [{ datetime: '1998-10-18T13:45:55' }] },
  {
    name: 'DATETIME_TRUNC DAY',
    doc: `${DATETIME}#datetime_trunc`,
    sql: 'SELECT\n  DATETIME "2008-12-25 15:30:00" as original,\n  DATETIME_TRUNC(DATETIME "2008-12-25 15:30:00", DAY) as truncated',
    rows: [{ original: '2008-12-25T15:30:00', truncated: '2008-12-25T00:00:00' }],
  },
  {
    name: 'DATETIME_TRUNC WEEK(MONDAY)',
    doc: `${DATETIME}#datetime_trunc`,
    sql: 'SELECT\n  datetime AS original,\n  DATETIME_TRUNC(datetime, WEEK(MONDAY)) AS truncated\nFROM (SELECT DATETIME(TIMESTAMP "2017-11-05 00:00:00+00", "UTC") AS datetime)',
    rows: [{ original: '2017-11-05T00:00:00', truncated: '2017-10-30T00:00:00' }],
  },
  {
    name: 'DATETIME constructors',
    doc: `${DATETIME}#datetime`,
    sql: 'SELECT\n  DATETIME(2008, 12, 25, 05, 30, 00) as datetime_ymdhms,\n  DATETIME(TIMESTAMP "2008-12-25 05:30:00+00", "America/Los_Angeles") as datetime_tstz',
    rows: [{ datetime_ymdhms: '2008-12-25T05:30:00', datetime_tstz: '2008-12-24T21:30:00' }],
  },
  // Timestamp functions
  {
    name: 'TIMESTAMP_TRUNC with time zones',
    doc: `${TS}#timestamp_trunc`,
    sql: 'SELECT\n  TIMESTAMP_TRUNC(TIMESTAMP "2008-12-25 15:30:00+00", DAY, "UTC") AS utc,\n  TIMESTAMP_TRUNC(TIMESTAMP "2008-12-25 15:30:00+00", DAY, "America/Los_Angeles") AS la',
    rows: [{ utc: '2008-12-25 00:00:00 UTC', la: '2008-12-25 08:00:00 UTC' }],
  },
  {
    name: 'TIMESTAMP_ADD',
    doc: `${TS}#timestamp_add`,
    sql: 'SELECT\n  TIMESTAMP("2008-12-25 15:30:00+00") AS original,\n  TIMESTAMP_ADD(TIMESTAMP "2008-12-25 15:30:00+00", INTERVAL 10 MINUTE) AS later',
    rows: [{ original: '2008-12-25 15:30:00 UTC', later: '2008-12-25 15:40:00 UTC' }],
  },
  {
    name: 'TIMESTAMP_SUB',
    doc: `${TS}#timestamp_sub`,
    sql: 'SELECT\n  TIMESTAMP("2008-12-25 15:30:00+00") AS original,\n  TIMESTAMP_SUB(TIMESTAMP "2008-12-25 15:30:00+00", INTERVAL 10 MINUTE) AS earlier',
    rows: [{ original: '2008-12-25 15:30:00 UTC', earlier: '2008-12-25 15:20:00 UTC' }],
  },
  {
    name: 'TIMESTAMP_DIFF',
    doc: `${TS}#timestamp_diff`,
    sql: 'SELECT\n  TIMESTAMP("2010-07-07 10:20:00+00") AS later_timestamp,\n  TIMESTAMP("2008-12-25 15:30:00+00") AS earlier_timestamp,\n  TIMESTAMP_DIFF(TIMESTAMP "2010-07-07 10:20:00+00", TIMESTAMP "2008-12-25 15:30:00+00", HOUR) AS hours',
    rows: [{ later_timestamp: '2010-07-07 10:20:00 UTC', earlier_timestamp: '2008-12-25 15:30:00 UTC', hours: 13410 }],
  },
  {
    name: 'TIMESTAMP_DIFF partial hour',
    doc: `${TS}#timestamp_diff`,
    sql: 'SELECT TIMESTAMP_DIFF(TIMESTAMP "2001-02-01 01:00:00", TIMESTAMP "2001-02-01 00:00:01", HOUR) AS diff',
    rows: [{ diff: 0 }],
  },
  { name: 'FORMAT_TIMESTAMP %c', doc: `${TS}#format_timestamp`, sql: 'SELECT FORMAT_TIMESTAMP("%c", TIMESTAMP "2050-12-25 15:30:55+00", "UTC") AS formatted', rows: [{ formatted: 'Sun Dec 25 15:30:55 2050' }] },
  {
    name: 'FORMAT_TIMESTAMP ISO 8601',
    doc: `${TS}#format_timestamp`,
    sql: 'SELECT FORMAT_TIMESTAMP("%Y-%m-%dT%H:%M:%SZ", TIMESTAMP "2050-12-25 15:30:55", "UTC") AS formatted',
    rows: [{ formatted: '2050-12-25T15:30:55Z' }],
  },
  { name: 'PARSE_TIMESTAMP', doc: `${TS}#parse_timestamp`, sql: 'SELECT PARSE_TIMESTAMP("%c", "Thu Dec 25 07:30:00 2008") AS parsed', rows: [{ parsed: '2008-12-25 07:30:00 UTC' }] },
  { name: 'FORMAT_TIMESTAMP', doc: `${TS}#format_timestamp`, sql: 'SELECT FORMAT_TIMESTAMP("%b-%d-%Y", TIMESTAMP "2050-12-25 15:30:55+00") AS formatted', rows: [{ formatted: 'Dec-25-2050' }] },
  { name: 'FORMAT_TIMESTAMP month year', doc: `${TS}#format_timestamp`, sql: 'SELECT FORMAT_TIMESTAMP("%b %Y", TIMESTAMP "2050-12-25 15:30:55+00") AS formatted', rows: [{ formatted: 'Dec 2050' }] },
  {
    name: 'TIMESTAMP_TRUNC ISOWEEK',
    doc: `${TS}#timestamp_trunc`,
    sql: `SELECT
  timestamp_value AS timestamp_value,
  TIMESTAMP_TRUNC(timestamp_value, ISOWEEK, 'UTC') AS isoweek_boundary,
  EXTRACT(ISOWEEK FROM timestamp_value) AS isoweek_number
FROM (SELECT TIMESTAMP('2005-01-03 12:34:56+00') AS timestamp_value)`,
    rows: [{ timestamp_value: '2005-01-03 12:34:56 UTC', isoweek_boundary: '2005-01-03 00:00:00 UTC', isoweek_number: 1 }],
  },
  { name: 'STRING (timestamp)', doc: `${TS}#string`, sql: 'SELECT STRING(TIMESTAMP "2008-12-25 15:30:00+00", "UTC") AS string', rows: [{ string: '2008-12-25 15:30:00+00' }] },
  { name: 'TIMESTAMP_MILLIS', doc: `${TS}#timestamp_millis`, sql: 'SELECT TIMESTAMP_MILLIS(1230219000000) AS timestamp_value', rows: [{ timestamp_value: '2008-12-25 15:30:00 UTC' }] },
  { name: 'TIMESTAMP_MICROS', doc: `${TS}#timestamp_micros`, sql: 'SELECT TIMESTAMP_MICROS(1230219000000000) AS timestamp_value', rows: [{ timestamp_value: '2008-12-25 15:30:00 UTC' }] },
  { name: 'UNIX_MICROS', doc: `${TS}#unix_micros`, sql: 'SELECT UNIX_MICROS(TIMESTAMP "2008-12-25 15:30:00+00") AS micros', rows: [{ micros: 1230219000000000 }] },
  {
    name: 'TIMESTAMP constructors',
    doc: `${TS}#timestamp`,
    sql: 'SELECT\n  TIMESTAMP("2008-12-25 15:30:00", "America/Los_Angeles") AS timestamp_str,\n  TIMESTAMP(DATE "2008-12-25") AS timestamp_date',
    rows: [{ timestamp_str: '2008-12-25 23:30:00 UTC', timestamp_date: '2008-12-25 00:00:00 UTC' }],
  },
  {
    name: 'GENERATE_TIMESTAMP_ARRAY',
    doc: `${ARRAY}#generate_timestamp_array`,
    sql: "SELECT GENERATE_TIMESTAMP_ARRAY('2016-10-05 00:00:00', '2016-10-07 00:00:00',\n                                INTERVAL 1 DAY) AS timestamp_array",
    rows: [{ timestamp_array: ['2016-10-05 00:00:00 UTC', '2016-10-06 00:00:00 UTC', '2016-10-07 00:00:00 UTC'] }],
  },
  { name: 'UNIX_SECONDS', doc: `${TS}#unix_seconds`, sql: 'SELECT UNIX_SECONDS(TIMESTAMP "2008-12-25 15:30:00+00") AS seconds', rows: [{ seconds: 1230219000 }] },
  { name: 'UNIX_MILLIS', doc: `${TS}#unix_millis`, sql: 'SELECT UNIX_MILLIS(TIMESTAMP "2008-12-25 15:30:00+00") AS millis', rows: [{ millis: 1230219000000 }] },
  { name: 'TIMESTAMP_SECONDS', doc: `${TS}#timestamp_seconds`, sql: 'SELECT TIMESTAMP_SECONDS(1230219000) AS timestamp_value', rows: [{ timestamp_value: '2008-12-25 15:30:00 UTC' }] },
  {
    name: 'EXTRACT AT TIME ZONE',
    doc: `${TS}#extract`,
    sql: `WITH Input AS (SELECT TIMESTAMP("2008-12-25 05:30:00+00") AS timestamp_value)
SELECT
  EXTRACT(DAY FROM timestamp_value AT TIME ZONE "UTC") AS the_day_utc,
  EXTRACT(DAY FROM timestamp_value AT TIME ZONE "America/Los_Angeles") AS the_day_california
FROM Input`,
    rows: [{ the_day_utc: 25, the_day_california: 24 }],
  },
];
