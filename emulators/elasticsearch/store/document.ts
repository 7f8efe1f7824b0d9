/**
 * Turns a document's `_source` into typed field values, following the mapping and adding
 * fields with Elasticsearch's dynamic rules. Nothing is changed until the whole document has
 * parsed: a value that does not fit its mapping throws `document_parsing_exception` and the
 * mapping stays as it was.
 */
import { EsError, mapperParsing } from '../errors';
import { parseDate } from './dates';
import { canonicalIp } from './ip';
import { dynamicDefFor, type FieldDef, type Mapping } from './mapping';

/** A value as stored in a column: a number (numerics, dates, booleans as 0/1), a string, or a [lat, lon] pair. */
export type FieldValue = number | string | readonly [number, number];

/** A parsed document. */
export interface ParsedDoc {
  /** Values per leaf field path. */
  readonly values: Map<FieldDef, FieldValue[]>;
  /** Fields to add to the mapping once the document is accepted. */
  readonly newFields: ReadonlyArray<readonly [string, Record<string, unknown>]>;
  /** Objects to add to the mapping once the document is accepted. */
  readonly newObjects: readonly string[];
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
const looksLikeDate = (s: string): boolean => {
  if (!/^\d{4}[-/]\d{2}[-/]\d{2}/.test(s)) return false;
  try {
    parseDate(s, 'strict_date_optional_time||yyyy/MM/dd HH:mm:ss||yyyy/MM/dd');
    return true;
  } catch (err) {
    if (err instanceof EsError) return false;
    throw err;
  }
};

const INT_RANGE: Record<string, [number, number]> = {
  integer: [-2147483648, 2147483647], short: [-32768, 32767], byte: [-128, 127], long: [-9223372036854775808, 9223372036854775807],
};

const NO_DEFS: FieldDef[] = [];
const preview = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

/** Parses a document against a mapping (without changing the mapping). */
export function parseDocument(mapping: Mapping, source: Json, id: string): ParsedDoc {
  const parser = new DocParser(mapping, id);
  parser.walk(source, '');
  return { values: parser.values, newFields: parser.newFields, newObjects: parser.newObjects };
}

/** One document's parse; methods rather than closures keep the per-document cost low. */
class DocParser {
  readonly values = new Map<FieldDef, FieldValue[]>();
  readonly newFields: Array<[string, Json]> = [];
  readonly newObjects: string[] = [];
  private pending: Map<string, FieldDef> | null = null;
  private pendingMulti: Map<string, FieldDef[]> | null = null;
  private pendingObjects: Set<string> | null = null;

  constructor(private readonly mapping: Mapping, private readonly id: string) {}

  private fail(def: { path: string; type: string }, value: unknown, cause: string): never {
    throw mapperParsing(
      `failed to parse field [${def.path}] of type [${def.type}] in document with id '${this.id}'. Preview of field's value: '${preview(value)}'`,
      new EsError({ status: 400, type: 'illegal_argument_exception', reason: cause }),
    );
  }

  private push(def: FieldDef, v: FieldValue): void {
    const list = this.values.get(def);
    if (list) list.push(v);
    else this.values.set(def, [v]);
  }

  private convert(def: FieldDef, value: unknown): void {
    if (value === null) return;
    switch (def.type) {
      case 'text':
      case 'match_only_text':
      case 'keyword': {
        if (isObj(value)) this.fail(def, value, `Can't get text on a START_OBJECT`);
        const s = typeof value === 'string' ? value : String(value);
        if (def.type === 'keyword' && s.length > def.ignoreAbove) return;
        this.push(def, s);
        return;
      }
      case 'ip': {
        const ip = typeof value === 'string' ? canonicalIp(value) : undefined;
        if (ip === undefined) this.fail(def, value, `'${preview(value)}' is not an IP string literal.`);
        this.push(def, ip);
        return;
      }
      case 'boolean':
        if (value === true || value === 'true') this.push(def, 1);
        else if (value === false || value === 'false' || value === '') this.push(def, 0);
        else this.fail(def, value, `Failed to parse value [${preview(value)}] as only [true] or [false] are allowed.`);
        return;
      case 'date': {
        let ms: number;
        try {
          ms = parseDate(value, def.format);
        } catch (err) {
          if (!(err instanceof EsError)) throw err;
          return this.fail(def, value, err.message);
        }
        this.push(def, ms);
        return;
      }
      case 'geo_point': {
        const p = parseGeo(value);
        if (!p) this.fail(def, value, 'failed to parse geo_point: expected {lat, lon}, [lon, lat], "lat,lon" or POINT(lon lat)');
        this.push(def, p);
        return;
      }
      default: {
        let n: number;
        if (typeof value === 'number') n = value;
        else if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) n = Number(value);
        else return this.fail(def, value, typeof value === 'string' ? `For input string: "${value}"` : `Current token (${Array.isArray(value) ? 'START_ARRAY' : isObj(value) ? 'START_OBJECT' : typeof value}) not numeric`);
        const range = INT_RANGE[def.type];
        if (range) {
          n = Math.trunc(n);
          if (n < range[0] || n > range[1]) this.fail(def, value, `Value [${preview(value)}] is out of range for ${def.type === 'integer' ? 'an' : 'a'} ${def.type}`);
        } else if (def.type === 'float' || def.type === 'half_float') n = Math.fround(n);
        this.push(def, n);
      }
    }
  }

  private strict(path: string, parent: string): never {
    throw new EsError({ status: 400, type: 'strict_dynamic_mapping_exception', reason: `[1:1] mapping set to strict, dynamic introduction of [${path.slice(parent ? parent.length + 1 : 0)}] within [${parent || '_doc'}] is not allowed` });
  }

  private leaf(path: string, parentPath: string, value: unknown): void {
    let def = this.mapping.fields.get(path) ?? this.pending?.get(path);
    if (!def) {
      if (this.mapping.objects.has(path) || this.pendingObjects?.has(path)) {
        throw mapperParsing(`object mapping for [${path}] tried to parse field [${path}] as object, but found a concrete value`);
      }
      const dynamic = this.mapping.dynamicAt(parentPath);
      if (dynamic === 'strict') this.strict(path, parentPath);
      if (dynamic === 'false' || dynamic === 'runtime') return;
      const sample = Array.isArray(value) ? value.find((v) => v !== null) : value;
      const dyn = dynamicDefFor(sample, this.mapping.dateDetection, looksLikeDate);
      if (!dyn) return;
      this.newFields.push([path, dyn]);
      const staged = stagedDefs(path, dyn);
      this.pending ??= new Map();
      this.pendingMulti ??= new Map();
      for (const d of staged) this.pending.set(d.path, d);
      this.pendingMulti.set(path, staged.slice(1));
      def = staged[0];
    }
    const multi = this.mapping.multi.get(path) ?? this.pendingMulti?.get(path) ?? NO_DEFS;
    if (!Array.isArray(value)) {
      // The common case: one scalar value.
      if (isObj(value) && def.type !== 'geo_point') this.fail(def, value, `Can't get value on a START_OBJECT`);
      this.convert(def, value);
      for (let i = 0; i < multi.length; i++) this.convert(multi[i], value);
      return;
    }
    const geoArray = def.type === 'geo_point' && value.length >= 2 && value.every((v) => typeof v === 'number');
    const list = geoArray ? [value] : value.flat(Infinity);
    for (const v of list) {
      if (isObj(v) && def.type !== 'geo_point') this.fail(def, v, `Can't get value on a START_OBJECT`);
      this.convert(def, v);
      for (const m of multi) this.convert(m, v);
    }
  }

  /** Walks an object level. */
  walk(obj: Json, prefix: string): void {
    for (const rawKey in obj) {
      if (!Object.prototype.hasOwnProperty.call(obj, rawKey)) continue;
      const value = obj[rawKey];
      if (rawKey === '') throw mapperParsing(`field name cannot be an empty string`);
      if (prefix === '' && rawKey.charCodeAt(0) === 95 && METADATA.has(rawKey)) {
        throw mapperParsing(`Field [${rawKey}] is a metadata field and cannot be added inside a document. Use the index API request parameters.`);
      }
      const path = prefix ? `${prefix}.${rawKey}` : rawKey;
      let parent = prefix;
      if (rawKey.indexOf('.') >= 0) {
        // `a.b` keys are object paths: register intermediate objects.
        const dots = rawKey.split('.');
        for (const part of dots.slice(0, -1)) {
          parent = parent ? `${parent}.${part}` : part;
          this.ensureObject(parent, prefix);
        }
      }
      const def = this.mapping.fields.get(path) ?? this.pending?.get(path);
      const objectLike = typeof value === 'object' && value !== null && (isObj(value) || (Array.isArray(value) && value.some(isObj)));
      if (objectLike && !def) {
        if (!this.ensureObject(path, parent)) continue;
        for (const v of Array.isArray(value) ? value : [value]) {
          if (isObj(v)) this.walk(v, path);
          else if (v !== null) throw mapperParsing(`object mapping for [${path}] tried to parse field [${path}] as object, but found a concrete value`);
        }
        continue;
      }
      this.leaf(path, parent, value);
    }
  }

  /** Makes sure an object path exists (dynamically); false when dynamic=false hides it. */
  private ensureObject(path: string, parent: string): boolean {
    if (this.mapping.objects.has(path) || this.pendingObjects?.has(path)) return true;
    const existing = this.mapping.fields.get(path) ?? this.pending?.get(path);
    if (existing) {
      throw mapperParsing(`Could not dynamically add mapping for field [${path}]. Existing mapping for [${path}] must be of type object but found [${existing.type}].`);
    }
    const dynamic = this.mapping.dynamicAt(parent);
    if (dynamic === 'strict') this.strict(path, parent);
    if (dynamic === 'false' || dynamic === 'runtime') return false;
    (this.pendingObjects ??= new Set()).add(path);
    this.newObjects.push(path);
    return true;
  }
}

const METADATA = new Set(['_id', '_index', '_source', '_routing', '_version', '_seq_no']);

function stagedDefs(path: string, dyn: Json): FieldDef[] {
  const base = { format: 'strict_date_optional_time||epoch_millis', analyzer: 'standard', searchAnalyzer: 'standard', ignoreAbove: Infinity, index: true };
  const out: FieldDef[] = [{ ...base, path, type: dyn.type as FieldDef['type'] }];
  if (dyn.fields) out.push({ ...base, path: `${path}.keyword`, type: 'keyword', ignoreAbove: 256, multiFieldOf: path });
  return out;
}

/** Reads a geo_point in any of Elasticsearch's notations; undefined when it is not one. */
export function parseGeo(value: unknown): readonly [number, number] | undefined {
  let lat: number;
  let lon: number;
  if (isObj(value)) {
    lat = Number(value.lat);
    lon = Number(value.lon);
  } else if (Array.isArray(value) && value.length >= 2 && value.every((v) => typeof v === 'number')) {
    [lon, lat] = value as number[];
  } else if (typeof value === 'string') {
    const wkt = /^\s*POINT\s*\(\s*(-?[\d.]+)\s+(-?[\d.]+)\s*\)\s*$/i.exec(value);
    const pair = /^\s*(-?[\d.]+)\s*,\s*(-?[\d.]+)\s*$/.exec(value);
    if (wkt) [lon, lat] = [Number(wkt[1]), Number(wkt[2])];
    else if (pair) [lat, lon] = [Number(pair[1]), Number(pair[2])];
    else return undefined;
  } else return undefined;
  if (!Number.isFinite(lat) || !Number.isFinite(lon) || lat < -90 || lat > 90 || lon < -180 || lon > 180) return undefined;
  return [lat, lon];
}
