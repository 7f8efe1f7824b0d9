/** BigQuery reference pages the golden cases come from. */
export const REF = 'https://cloud.google.com/bigquery/docs/reference/standard-sql';
export const MATH = `${REF}/mathematical_functions`;
export const COND = `${REF}/conditional_expressions`;
export const AGG = `${REF}/aggregate_functions`;
export const APPROX = `${REF}/approximate_aggregate_functions`;
export const DATE = `${REF}/date_functions`;
export const DATETIME = `${REF}/datetime_functions`;
export const TS = `${REF}/timestamp_functions`;
export const ARRAY = `${REF}/array_functions`;
export const STRING = `${REF}/string_functions`;
export const NUMBERING = `${REF}/numbering_functions`;
export const QUERY = `${REF}/query-syntax`;
export const CONV = `${REF}/conversion_functions`;
export const GEO = `${REF}/geography_functions`;
export const JSON_FNS = `${REF}/json_functions`;
export const NAVIGATION = `${REF}/navigation_functions`;
