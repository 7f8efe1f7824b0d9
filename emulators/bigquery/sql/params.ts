/**
 * Query parameters (`queryParameters`, named or positional) as typed DuckDB literals, including
 * ARRAY and STRUCT parameters and TIMESTAMP values in BigQuery's accepted text forms.
 */
import { invalid } from '../errors';
import { lit, q } from '../types';

/** BigQuery's QueryParameterType. */
export interface ParamType {
  type: string;
  arrayType?: ParamType;
  structTypes?: { name?: string; type: ParamType }[];
}

/** BigQuery's QueryParameterValue. */
export interface ParamValue {
  value?: string | null;
  arrayValues?: ParamValue[];
  structValues?: Record<string, ParamValue>;
}

/** BigQuery's QueryParameter. */
export interface QueryParameter {
  name?: string;
  parameterType: ParamType;
  parameterValue?: ParamValue;
}

const SCALAR: Record<string, string> = {
  STRING: 'VARCHAR',
  BYTES: 'BLOB',
  INT64: 'BIGINT',
  INTEGER: 'BIGINT',
  FLOAT64: 'DOUBLE',
  FLOAT: 'DOUBLE',
  NUMERIC: 'DECIMAL(38,9)',
  BIGNUMERIC: 'DECIMAL(38,18)',
  BOOL: 'BOOLEAN',
  BOOLEAN: 'BOOLEAN',
  TIMESTAMP: 'TIMESTAMPTZ',
  DATETIME: 'TIMESTAMP',
  DATE: 'DATE',
  TIME: 'TIME',
  JSON: 'JSON',
  GEOGRAPHY: 'VARCHAR',
  INTERVAL: 'INTERVAL',
};

/** DuckDB type of a parameter type. */
export function paramDuckType(t: ParamType): string {
  const type = t.type.toUpperCase();
  if (type === 'ARRAY') {
    if (!t.arrayType) throw invalid('Array query parameter is missing arrayType');
    return `${paramDuckType(t.arrayType)}[]`;
  }
  if (type === 'STRUCT') {
    return `STRUCT(${(t.structTypes ?? []).map((s, i) => `${q(s.name ?? `_field_${i + 1}`)} ${paramDuckType(s.type)}`).join(', ')})`;
  }
  const duck = SCALAR[type];
  if (!duck) throw invalid(`Invalid query parameter type: ${t.type}`);
  return duck;
}

function scalarText(type: string, value: string): string {
  if (type === 'BYTES') return `from_base64(${lit(value)})`;
  if (type === 'TIMESTAMP') {
    // BigQuery accepts "2024-01-02 03:04:05.123456+00:00", with a T, or a trailing UTC/Z.
    const text = value.replace(/ UTC$/i, '+00').replace(/Z$/i, '+00');
    return `CAST(${lit(/[+-]\d\d(:?\d\d)?$/.test(text) ? text : `${text}+00`)} AS TIMESTAMPTZ)`;
  }
  return `CAST(${lit(value)} AS ${SCALAR[type]})`;
}

/** The DuckDB literal for one parameter value of a type. */
export function paramLiteral(t: ParamType, v: ParamValue | undefined): string {
  const type = t.type.toUpperCase();
  const duck = paramDuckType(t);
  if (type === 'ARRAY') {
    const items = (v?.arrayValues ?? []).map((item) => paramLiteral(t.arrayType as ParamType, item));
    return `CAST([${items.join(', ')}] AS ${duck})`;
  }
  if (type === 'STRUCT') {
    if (!v?.structValues) return `CAST(NULL AS ${duck})`;
    const entries = (t.structTypes ?? []).map((s, i) => {
      const name = s.name ?? `_field_${i + 1}`;
      return `${lit(name)}: ${paramLiteral(s.type, v.structValues?.[name])}`;
    });
    return `CAST({${entries.join(', ')}} AS ${duck})`;
  }
  if (v?.value === undefined || v.value === null) return `CAST(NULL AS ${duck})`;
  return scalarText(type, String(v.value));
}

/** Parameters by name (named mode) or by 1-based position as `"1"` (positional mode). */
export function paramLiterals(params: readonly QueryParameter[] | undefined): Map<string, string> {
  const out = new Map<string, string>();
  (params ?? []).forEach((p, i) => {
    if (!p.parameterType) throw invalid(`Query parameter ${p.name ?? i + 1} has no parameterType`);
    out.set(p.name ?? String(i + 1), paramLiteral(p.parameterType, p.parameterValue));
  });
  return out;
}
