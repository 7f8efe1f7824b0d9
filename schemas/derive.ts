/**
 * Derivations from one JSON Schema (2020-12, with Tributary's annotations; see README.md) to the
 * BigQuery table schema, the Elasticsearch mapping and the Parquet (lake) columns. Each walks the
 * same normalized field list ({@link fieldsOf}), so the three cannot disagree about which fields
 * exist, only about how each system spells a type.
 */
import type { JsonSchema } from './types';

/**
 * A BigQuery schema field (REST `TableFieldSchema`). Declared here, not imported, so schemas/
 * depends on nothing (ARCHITECTURE §3); structurally the `BqField` of infra/constructs/warehouse.ts
 * (derive.test.ts checks they stay assignable).
 */
export interface BqField {
  readonly name: string;
  readonly type: string;
  readonly mode?: string;
  readonly description?: string;
  readonly fields?: readonly BqField[];
}

/** A lake column type: structurally `LakeType` of functions/shared/parquet.ts (what `ParquetEncoder` takes). */
export type LakeType = 'STRING' | 'INT64' | 'DOUBLE' | 'BOOLEAN' | 'TIMESTAMP' | 'DATE' | 'JSON' | { readonly struct: readonly LakeColumn[] } | { readonly list: LakeType };

/** A named lake column: structurally `LakeColumn` of functions/shared/parquet.ts. */
export interface LakeColumn {
  readonly name: string;
  readonly type: LakeType;
}

/** A schema shape the derivations cannot map (names the path and what to change). */
export class SchemaDerivationError extends Error {
  constructor(path: string, detail: string) {
    super(`schema at ${path || '(root)'}: ${detail}`);
    this.name = 'SchemaDerivationError';
  }
}

/** The normalized kind of a field, shared by every derivation. */
export type FieldKind = 'string' | 'integer' | 'number' | 'boolean' | 'timestamp' | 'date' | 'geo_point' | 'record' | 'json';

/** One field of an object schema, normalized. */
export interface SchemaField {
  readonly name: string;
  readonly kind: FieldKind;
  /** Listed in `required` and not nullable. */
  readonly required: boolean;
  readonly repeated: boolean;
  readonly description?: string;
  /** The field's schema (for annotations). */
  readonly schema: JsonSchema;
  /** Sub-fields of a record or geo_point. */
  readonly fields?: readonly SchemaField[];
}

const asSchema = (v: unknown): JsonSchema => (v && typeof v === 'object' ? (v as JsonSchema) : {});

function typesOf(s: JsonSchema): string[] {
  const t = s.type;
  if (Array.isArray(t)) return t as string[];
  if (typeof t === 'string') return [t];
  if ('const' in s) return [typeof s.const === 'number' ? 'number' : typeof s.const === 'boolean' ? 'boolean' : 'string'];
  if (Array.isArray(s.enum)) return [...new Set((s.enum as unknown[]).map((v) => (typeof v === 'number' ? 'number' : typeof v === 'boolean' ? 'boolean' : 'string')))];
  return [];
}

/** Properties of an object schema, merging top-level `oneOf` / `anyOf` variants (all optional then). */
function propertiesOf(s: JsonSchema, path: string): { props: Map<string, JsonSchema>; required: Set<string> } {
  const props = new Map<string, JsonSchema>(Object.entries(asSchema(s.properties)).map(([k, v]) => [k, asSchema(v)]));
  const required = new Set((Array.isArray(s.required) ? s.required : []) as string[]);
  const variants = [...(Array.isArray(s.oneOf) ? s.oneOf : []), ...(Array.isArray(s.anyOf) ? s.anyOf : [])].map(asSchema);
  for (const v of variants) {
    for (const [k, sub] of propertiesOf(v, path).props) {
      const seen = props.get(k);
      if (!seen) props.set(k, sub);
      else if (kindOf(seen, `${path}.${k}`) !== kindOf(sub, `${path}.${k}`)) props.set(k, { description: sub.description, 'x-bq': 'JSON' });
    }
  }
  return { props, required };
}

function kindOf(s: JsonSchema, path: string): FieldKind {
  if (s['x-es'] === 'geo_point') return 'geo_point';
  if (s['x-bq'] === 'JSON') return 'json';
  const types = typesOf(s).filter((t) => t !== 'null');
  if (types.length !== 1) {
    // ["integer","string"] (a CSV number) and other unions: the widest type that holds both.
    if (types.length === 2 && types.includes('integer') && types.includes('number')) return 'number';
    if (types.length === 0 && (s.oneOf || s.anyOf || s.allOf)) return 'json';
    if (types.length === 0) throw new SchemaDerivationError(path, 'has no type; give it a "type" (or "x-bq": "JSON")');
    return 'string';
  }
  switch (types[0]) {
    case 'string':
      return s.format === 'date-time' ? 'timestamp' : s.format === 'date' ? 'date' : 'string';
    case 'integer':
      return 'integer';
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'object':
      return s.properties || s.oneOf || s.anyOf ? 'record' : 'json';
    default:
      throw new SchemaDerivationError(path, `type ${types[0]} has no column type`);
  }
}

function field(name: string, s: JsonSchema, required: boolean, path: string): SchemaField {
  const nullable = typesOf(s).includes('null');
  if (typesOf(s).includes('array')) {
    const item = field(name, asSchema(s.items), false, `${path}[]`);
    if (item.repeated) throw new SchemaDerivationError(path, 'arrays of arrays have no BigQuery type; wrap the inner array in an object');
    return { ...item, required: false, repeated: true, description: typeof s.description === 'string' ? s.description : item.description, schema: s };
  }
  const kind = kindOf(s, path);
  const description = typeof s.description === 'string' ? s.description : undefined;
  const base = { name, kind, required: required && !nullable, repeated: false, description, schema: s };
  if (kind === 'record' || kind === 'geo_point') return { ...base, fields: fieldsOf(s, path) };
  return base;
}

/** The normalized fields of an object schema (top-level `oneOf` variants merged). */
export function fieldsOf(schema: JsonSchema, path = ''): SchemaField[] {
  const { props, required } = propertiesOf(schema, path);
  return [...props].map(([name, s]) => field(name, s, required.has(name), path ? `${path}.${name}` : name));
}

const BQ_TYPE: Record<Exclude<FieldKind, 'record' | 'geo_point'>, string> = {
  string: 'STRING',
  integer: 'INT64',
  number: 'FLOAT64',
  boolean: 'BOOL',
  timestamp: 'TIMESTAMP',
  date: 'DATE',
  json: 'JSON',
};

function bqField(f: SchemaField): BqField {
  const override = typeof f.schema['x-bq'] === 'string' ? (f.schema['x-bq'] as string) : undefined;
  const nested = f.kind === 'record' || f.kind === 'geo_point';
  const type = override ?? (nested ? 'RECORD' : BQ_TYPE[f.kind as keyof typeof BQ_TYPE]);
  const out: BqField = { name: f.name, type, mode: f.repeated ? 'REPEATED' : f.required ? 'REQUIRED' : 'NULLABLE' };
  return {
    ...out,
    ...(f.description ? { description: f.description.slice(0, 1024) } : {}),
    ...(type === 'RECORD' && f.fields ? { fields: f.fields.map(bqField) } : {}),
  };
}

/** BigQuery table schema (REST `TableFieldSchema[]`) of an object schema. */
export function toBigQuerySchema(schema: JsonSchema): BqField[] {
  return fieldsOf(schema).map(bqField);
}

/** An Elasticsearch field mapping. */
export type EsMapping = { readonly type?: string; readonly properties?: Readonly<Record<string, EsMapping>>; readonly [option: string]: unknown };

const ES_TYPE: Record<Exclude<FieldKind, 'record' | 'geo_point'>, EsMapping> = {
  string: { type: 'keyword', ignore_above: 1024 },
  integer: { type: 'long' },
  number: { type: 'double' },
  boolean: { type: 'boolean' },
  timestamp: { type: 'date', format: 'strict_date_optional_time||epoch_millis' },
  date: { type: 'date', format: 'strict_date' },
  json: { type: 'object', dynamic: false },
};

function esField(f: SchemaField): EsMapping {
  const override = typeof f.schema['x-es'] === 'string' ? (f.schema['x-es'] as string) : undefined;
  if (f.kind === 'geo_point') return { type: 'geo_point' };
  if (override === 'text') return { type: 'text', fields: { keyword: { type: 'keyword', ignore_above: 256 } } };
  if (override) return { type: override };
  if (f.kind === 'record') return { properties: esProperties(f.fields ?? []) };
  return ES_TYPE[f.kind];
}

const esProperties = (fields: readonly SchemaField[]): Record<string, EsMapping> => Object.fromEntries(fields.map((f) => [f.name, esField(f)]));

/**
 * The `mappings` of an Elasticsearch index template. Unknown fields are kept in `_source` but not
 * indexed (`dynamic: false`), so an extra field never fails a bulk write.
 */
export function toElasticsearchMapping(schema: JsonSchema): { dynamic: false; properties: Record<string, EsMapping> } {
  return { dynamic: false, properties: esProperties(fieldsOf(schema)) };
}

const LAKE_TYPE: Record<Exclude<FieldKind, 'record' | 'geo_point'>, LakeType> = {
  string: 'STRING',
  integer: 'INT64',
  number: 'DOUBLE',
  boolean: 'BOOLEAN',
  timestamp: 'TIMESTAMP',
  date: 'DATE',
  json: 'JSON',
};

const BQ_TO_LAKE: Readonly<Record<string, LakeType>> = { STRING: 'STRING', INT64: 'INT64', FLOAT64: 'DOUBLE', BOOL: 'BOOLEAN', TIMESTAMP: 'TIMESTAMP', DATE: 'DATE', JSON: 'JSON' };

function lakeType(f: SchemaField): LakeType {
  const override = typeof f.schema['x-bq'] === 'string' ? BQ_TO_LAKE[f.schema['x-bq'] as string] : undefined;
  const scalar: LakeType =
    override ?? (f.kind === 'record' || f.kind === 'geo_point' ? { struct: (f.fields ?? []).map(lakeColumn) } : LAKE_TYPE[f.kind]);
  return f.repeated ? { list: scalar } : scalar;
}

const lakeColumn = (f: SchemaField): LakeColumn => ({ name: f.name, type: lakeType(f) });

/** Options of {@link toParquetSchema}. */
export interface ParquetSchemaOptions {
  /** Top-level fields to leave out, e.g. the hive partition keys the path already carries. @default [] */
  readonly omit?: readonly string[];
}

/** Lake (Parquet) columns of an object schema, as `ParquetEncoder` takes them. */
export function toParquetSchema(schema: JsonSchema, options: ParquetSchemaOptions = {}): LakeColumn[] {
  const omit = new Set(options.omit ?? []);
  return fieldsOf(schema).filter((f) => !omit.has(f.name)).map(lakeColumn);
}
