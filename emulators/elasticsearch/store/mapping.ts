/**
 * Index mappings: the JSON tree Elasticsearch shows (`{ properties: {...} }`), a flat view of its
 * leaf fields (`name`, `name.keyword`, `geo.location`), explicit types, Elasticsearch's dynamic
 * mapping rules for unmapped fields, and merging of `PUT _mapping` bodies.
 */
import { illegalArgument, mapperException, unsupported } from '../errors';
import { knownAnalyzer } from './analysis';
import { DEFAULT_DATE_FORMAT } from './dates';

/** Leaf types this emulator indexes. */
export const LEAF_TYPES = ['text', 'match_only_text', 'keyword', 'wildcard', 'ip', 'long', 'integer', 'short', 'byte', 'double', 'float', 'half_float', 'scaled_float', 'boolean', 'date', 'date_nanos', 'geo_point'] as const;
/** A leaf type. */
export type LeafType = (typeof LEAF_TYPES)[number];
/** Types Elasticsearch has that this emulator rejects with 501 (see UNSUPPORTED.md). */
const KNOWN_UNSUPPORTED = ['flattened', 'constant_keyword', 'unsigned_long', 'dense_vector', 'sparse_vector', 'binary', 'histogram', 'geo_shape', 'point', 'shape', 'search_as_you_type', 'completion', 'alias', 'join', 'percolator', 'rank_feature', 'rank_features', 'integer_range', 'long_range', 'float_range', 'double_range', 'date_range', 'ip_range', 'semantic_text', 'version', 'aggregate_metric_double', 'annotated_text', 'murmur3', 'token_count'];

/** A leaf field in the flat view. */
export interface FieldDef {
  readonly path: string;
  readonly type: LeafType;
  /** Date format (`date` only). */
  readonly format: string;
  /** Index analyzer (`text` only). */
  readonly analyzer: string;
  /** Search analyzer (`text` only). @default analyzer */
  readonly searchAnalyzer: string;
  /** Strings longer than this are not indexed (`keyword` only). */
  readonly ignoreAbove: number;
  /** Whether the value is searchable. @default true */
  readonly index: boolean;
  /** Whether this field is a multi-field of another (`name.keyword` of `name`). */
  readonly multiFieldOf?: string;
}

/** An object or nested field in the flat view. */
export interface ObjectDef {
  readonly path: string;
  readonly type: 'object' | 'nested';
  /** `true`, `false` or `strict`; undefined inherits. */
  readonly dynamic?: string;
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
const NUMERIC = new Set(['long', 'integer', 'short', 'byte', 'double', 'float', 'half_float', 'scaled_float']);

/** Whether a leaf type stores numbers (dates and booleans included). */
export const isNumericType = (t: LeafType): boolean => NUMERIC.has(t) || t === 'date' || t === 'boolean';

/** A mapping: tree and flat views kept together. */
export class Mapping {
  /** The tree as Elasticsearch shows it (`properties` and root settings). */
  readonly tree: Json = {};
  /** Leaf fields by full path. */
  readonly fields = new Map<string, FieldDef>();
  /** Object and nested fields by full path. */
  readonly objects = new Map<string, ObjectDef>();
  /** Multi-fields by parent path (`name` → [`name.keyword`]). */
  readonly multi = new Map<string, FieldDef[]>();

  /** The mapping as `GET _mapping` shows it (`{}` when empty). */
  toJSON(): Json {
    return structuredClone(this.tree);
  }

  /** Root `dynamic` setting. */
  get dynamic(): string {
    return String(this.tree.dynamic ?? 'true');
  }

  /** Whether strings that look like dates become `date` fields. @default true */
  get dateDetection(): boolean {
    return this.tree.date_detection !== false;
  }

  /** Merges a `PUT _mapping` (or create-index `mappings`) body; throws on type changes and unknown types. */
  merge(body: Json): void {
    const known = new Set(['properties', 'dynamic', 'date_detection', 'numeric_detection', 'dynamic_date_formats', '_source', '_meta', 'dynamic_templates', '_routing']);
    for (const key of Object.keys(body)) {
      if (!known.has(key)) throw mapperException(`Root mapping definition has unsupported parameters:  [${key} : ${JSON.stringify(body[key])}]`);
    }
    if (isObj(body._source) && body._source.enabled === false) throw unsupported('_source: { enabled: false }');
    if (Array.isArray(body.dynamic_templates) && body.dynamic_templates.length) throw unsupported('dynamic_templates');
    if (body.numeric_detection === true) throw unsupported('numeric_detection');
    // Validate everything before changing anything, so a failed merge leaves the mapping as it was.
    const staged = new Mapping();
    Object.assign(staged.tree, structuredClone(this.tree));
    for (const [k, v] of this.fields) staged.fields.set(k, v);
    for (const [k, v] of this.objects) staged.objects.set(k, v);
    for (const [k, v] of this.multi) staged.multi.set(k, [...v]);
    for (const key of ['dynamic', 'date_detection', 'numeric_detection', 'dynamic_date_formats', '_meta', '_routing']) {
      if (body[key] !== undefined) staged.tree[key] = body[key];
    }
    if (body.properties !== undefined) {
      if (!isObj(body.properties)) throw mapperException('[properties] must be an object');
      staged.mergeProperties('', staged.ensureProps(staged.tree), body.properties);
    }
    for (const key of Object.keys(this.tree)) delete this.tree[key];
    Object.assign(this.tree, staged.tree);
    this.fields.clear();
    this.objects.clear();
    for (const [k, v] of staged.fields) this.fields.set(k, v);
    for (const [k, v] of staged.objects) this.objects.set(k, v);
    this.multi.clear();
    for (const [k, v] of staged.multi) this.multi.set(k, v);
  }

  private ensureProps(node: Json): Json {
    if (!isObj(node.properties)) node.properties = {};
    return node.properties as Json;
  }

  private mergeProperties(prefix: string, target: Json, props: Json): void {
    for (const [rawName, rawDef] of Object.entries(props)) {
      if (!isObj(rawDef)) throw mapperException(`Expected map for property [${rawName}] but got a ${typeof rawDef}`);
      // Dotted names (`subfield.text3`) are object paths.
      const parts = rawName.split('.');
      let node = target;
      let path = prefix;
      for (const part of parts.slice(0, -1)) {
        path = path ? `${path}.${part}` : part;
        const existing = node[part];
        if (existing !== undefined && !(isObj(existing) && (existing.type === undefined || existing.type === 'object'))) {
          throw illegalArgument(`can't merge a non object mapping [${path}] with an object mapping`);
        }
        if (!existing) node[part] = {};
        if (!this.objects.has(path)) this.objects.set(path, { path, type: 'object' });
        node = this.ensureProps(node[part] as Json);
      }
      const name = parts[parts.length - 1];
      this.mergeField(path ? `${path}.${name}` : name, node, name, rawDef);
    }
  }

  private mergeField(path: string, parent: Json, name: string, def: Json): void {
    const type = (def.type as string | undefined) ?? (def.properties !== undefined ? 'object' : undefined) ?? 'object';
    const existing = parent[name] as Json | undefined;
    const existingType = existing ? ((existing.type as string | undefined) ?? 'object') : undefined;
    if (existingType && existingType !== type) {
      throw illegalArgument(`mapper [${path}] cannot be changed from type [${existingType}] to [${type}]`);
    }
    if (type === 'object' || type === 'nested') {
      const node: Json = existing ?? {};
      if (type === 'nested') node.type = 'nested';
      if (def.dynamic !== undefined) node.dynamic = def.dynamic;
      if (def.enabled === false) throw unsupported(`"enabled": false on object [${path}]`);
      parent[name] = node;
      this.objects.set(path, { path, type, dynamic: node.dynamic === undefined ? undefined : String(node.dynamic) });
      if (def.properties !== undefined) {
        if (!isObj(def.properties)) throw mapperException(`[properties] of [${path}] must be an object`);
        this.mergeProperties(path, this.ensureProps(node), def.properties);
      }
      return;
    }
    if (KNOWN_UNSUPPORTED.includes(type)) throw unsupported(`field type [${type}] (field [${path}])`);
    if (!(LEAF_TYPES as readonly string[]).includes(type)) throw mapperException(`No handler for type [${type}] declared on field [${path}]`);
    for (const key of ['analyzer', 'search_analyzer']) {
      if (def[key] !== undefined && !knownAnalyzer(String(def[key]))) throw mapperException(`analyzer [${def[key]}] has not been configured in mappings`);
    }
    if (existing && existing.analyzer !== undefined && def.analyzer !== undefined && existing.analyzer !== def.analyzer) {
      throw illegalArgument(`Mapper for [${path}] conflicts with existing mapper:\n\tCannot update parameter [analyzer] from [${existing.analyzer}] to [${def.analyzer}]`);
    }
    const node: Json = { ...(existing ?? {}), ...structuredClone(def) };
    parent[name] = node;
    this.fields.set(path, toFieldDef(path, node));
    if (def.fields !== undefined) {
      if (!isObj(def.fields)) throw mapperException(`[fields] of [${path}] must be an object`);
      for (const [sub, subDef] of Object.entries(def.fields)) {
        if (!isObj(subDef)) throw mapperException(`Expected map for multi-field [${path}.${sub}]`);
        const subType = String(subDef.type ?? 'object');
        if (KNOWN_UNSUPPORTED.includes(subType)) throw unsupported(`field type [${subType}] (field [${path}.${sub}])`);
        if (!(LEAF_TYPES as readonly string[]).includes(subType) || subType === 'geo_point') {
          throw mapperException(`No handler for type [${subType}] declared on field [${path}.${sub}]`);
        }
        const subField = { ...toFieldDef(`${path}.${sub}`, subDef), multiFieldOf: path };
        this.fields.set(subField.path, subField);
        this.multi.set(path, [...(this.multi.get(path) ?? []).filter((f) => f.path !== subField.path), subField]);
      }
    }
  }

  /** Adds a dynamically detected field (and its parent objects) after a document using it was accepted. */
  addDynamic(path: string, def: Json): void {
    const parts = path.split('.');
    let node = this.tree;
    let sofar = '';
    for (const part of parts.slice(0, -1)) {
      sofar = sofar ? `${sofar}.${part}` : part;
      const props = this.ensureProps(node);
      if (!props[part]) props[part] = {};
      if (!this.objects.has(sofar)) this.objects.set(sofar, { path: sofar, type: 'object' });
      node = props[part] as Json;
    }
    this.mergeField(path, this.ensureProps(node), parts[parts.length - 1], def);
  }

  /** Adds a dynamically detected object field. */
  addDynamicObject(path: string): void {
    if (this.objects.has(path)) return;
    this.addDynamic(path, { type: 'object' });
    const parts = path.split('.');
    let node: Json = this.tree;
    for (const part of parts) node = (node.properties as Json)[part] as Json;
    delete node.type; // Elasticsearch shows dynamic objects as `{ properties: {...} }`.
  }

  /** The effective `dynamic` setting for fields under an object path. */
  dynamicAt(objectPath: string): string {
    let path = objectPath;
    while (path) {
      const d = this.objects.get(path)?.dynamic;
      if (d !== undefined) return d;
      const dot = path.lastIndexOf('.');
      path = dot < 0 ? '' : path.slice(0, dot);
    }
    return this.dynamic;
  }

  /** Field paths matching a pattern with `*` wildcards (for multi_match, exists, _source). */
  matchFields(pattern: string): string[] {
    if (!pattern.includes('*')) return this.fields.has(pattern) ? [pattern] : [];
    const re = new RegExp(`^${pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
    return [...this.fields.keys()].filter((k) => re.test(k));
  }
}

function toFieldDef(path: string, def: Json): FieldDef {
  const type = String(def.type) as LeafType;
  const analyzerName = String(def.analyzer ?? 'standard');
  return {
    path,
    // Types stored like another: match_only_text as text, wildcard as keyword, date_nanos as date (ms precision).
    type: type === 'match_only_text' ? 'text' : type === 'wildcard' ? 'keyword' : type === 'date_nanos' ? 'date' : type,
    format: String(def.format ?? DEFAULT_DATE_FORMAT),
    analyzer: analyzerName,
    searchAnalyzer: String(def.search_analyzer ?? analyzerName),
    ignoreAbove: def.ignore_above === undefined ? Infinity : Number(def.ignore_above),
    index: def.index !== false,
  };
}

/** The mapping Elasticsearch gives an unmapped value; undefined for null and empty arrays. */
export function dynamicDefFor(value: unknown, dateDetection: boolean, tryDate: (s: string) => boolean): Json | undefined {
  if (typeof value === 'string') {
    if (dateDetection && tryDate(value)) return { type: 'date' };
    return { type: 'text', fields: { keyword: { type: 'keyword', ignore_above: 256 } } };
  }
  if (typeof value === 'number') return Number.isInteger(value) ? { type: 'long' } : { type: 'float' };
  if (typeof value === 'boolean') return { type: 'boolean' };
  return undefined;
}
