/**
 * Turns a document's `_source` into typed field values, following the mapping and adding
 * fields with Elasticsearch's dynamic rules. Nothing is changed until the whole document has
 * parsed: a value that does not fit its mapping throws `document_parsing_exception` and the
 * mapping stays as it was.
 */
import { EsError, mapperParsing } from '../errors';
import { parseDate } from './dates';
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

const preview = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

/** Parses a document against a mapping (without changing the mapping). */
export function parseDocument(mapping: Mapping, source: Json, id: string): ParsedDoc {
  const values = new Map<FieldDef, FieldValue[]>();
  const newFields: Array<[string, Json]> = [];
  const pending = new Map<string, FieldDef>();
  const pendingMulti = new Map<string, FieldDef[]>();
  const newObjects: string[] = [];
  const pendingObjects = new Set<string>();

  const fail = (def: { path: string; type: string }, value: unknown, cause: string): never => {
    throw mapperParsing(
      `failed to parse field [${def.path}] of type [${def.type}] in document with id '${id}'. Preview of field's value: '${preview(value)}'`,
      new EsError({ status: 400, type: 'illegal_argument_exception', reason: cause }),
    );
  };

  const push = (def: FieldDef, v: FieldValue): void => {
    const list = values.get(def);
    if (list) list.push(v);
    else values.set(def, [v]);
  };

  const convert = (def: FieldDef, value: unknown): void => {
    if (value === null) return;
    switch (def.type) {
      case 'text':
      case 'match_only_text':
      case 'keyword': {
        if (isObj(value)) fail(def, value, `Can't get text on a START_OBJECT`);
        const s = String(value);
        if (def.type === 'keyword' && s.length > def.ignoreAbove) return;
        push(def, s);
        return;
      }
      case 'boolean': {
        if (value === true || value === 'true') push(def, 1);
        else if (value === false || value === 'false' || value === '') push(def, 0);
        else fail(def, value, `Failed to parse value [${preview(value)}] as only [true] or [false] are allowed.`);
        return;
      }
      case 'date': {
        try {
          push(def, parseDate(value, def.format));
        } catch (err) {
          if (!(err instanceof EsError)) throw err;
          fail(def, value, err.message);
        }
        return;
      }
      case 'geo_point': {
        const p = parseGeo(value);
        if (!p) fail(def, value, 'failed to parse geo_point: expected {lat, lon}, [lon, lat], "lat,lon" or POINT(lon lat)');
        else push(def, p);
        return;
      }
      default: {
        let n: number;
        if (typeof value === 'number') n = value;
        else if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) n = Number(value);
        else return fail(def, value, typeof value === 'string' ? `For input string: "${value}"` : `Current token (${Array.isArray(value) ? 'START_ARRAY' : isObj(value) ? 'START_OBJECT' : typeof value}) not numeric`);
        const range = INT_RANGE[def.type];
        if (range) {
          n = Math.trunc(n);
          if (n < range[0] || n > range[1]) fail(def, value, `Value [${preview(value)}] is out of range for ${def.type === 'integer' ? 'an' : 'a'} ${def.type}`);
        } else if (def.type === 'float' || def.type === 'half_float') n = Math.fround(n);
        push(def, n);
      }
    }
  };

  const leaf = (path: string, parentPath: string, value: unknown): void => {
    let def = mapping.fields.get(path) ?? pending.get(path);
    if (!def) {
      if (mapping.objects.has(path) || pendingObjects.has(path)) {
        throw mapperParsing(`object mapping for [${path}] tried to parse field [${path}] as object, but found a concrete value`);
      }
      const dynamic = mapping.dynamicAt(parentPath);
      if (dynamic === 'strict') {
        throw new EsError({ status: 400, type: 'strict_dynamic_mapping_exception', reason: `[1:1] mapping set to strict, dynamic introduction of [${path.slice(parentPath ? parentPath.length + 1 : 0)}] within [${parentPath || '_doc'}] is not allowed` });
      }
      if (dynamic === 'false' || dynamic === 'runtime') return;
      const sample = Array.isArray(value) ? value.find((v) => v !== null) : value;
      const dyn = dynamicDefFor(sample, mapping.dateDetection, looksLikeDate);
      if (!dyn) return;
      newFields.push([path, dyn]);
      const staged = stagedDefs(path, dyn);
      for (const d of staged) pending.set(d.path, d);
      pendingMulti.set(path, staged.slice(1));
      def = pending.get(path)!;
    }
    const multi = mapping.multi.get(path) ?? pendingMulti.get(path) ?? [];
    const geoArray = def.type === 'geo_point' && Array.isArray(value) && value.length >= 2 && value.every((v) => typeof v === 'number');
    const list = geoArray ? [value] : Array.isArray(value) ? value.flat(Infinity) : [value];
    for (const v of list) {
      if (isObj(v) && def.type !== 'geo_point') fail(def, v, `Can't get value on a START_OBJECT`);
      convert(def, v);
      for (const m of multi) convert(m, v);
    }
  };

  const walk = (obj: Json, prefix: string): void => {
    for (const [rawKey, value] of Object.entries(obj)) {
      if (rawKey === '') throw mapperParsing(`field name cannot be an empty string`);
      if (prefix === '' && rawKey.startsWith('_') && ['_id', '_index', '_source', '_routing', '_version', '_seq_no'].includes(rawKey)) {
        throw mapperParsing(`Field [${rawKey}] is a metadata field and cannot be added inside a document. Use the index API request parameters.`);
      }
      const path = prefix ? `${prefix}.${rawKey}` : rawKey;
      // `a.b` keys are object paths: register intermediate objects.
      const dots = rawKey.split('.');
      let parent = prefix;
      for (const part of dots.slice(0, -1)) {
        parent = parent ? `${parent}.${part}` : part;
        ensureObject(parent, prefix);
      }
      const def = mapping.fields.get(path) ?? pending.get(path);
      const objectLike = isObj(value) || (Array.isArray(value) && value.some(isObj));
      if (objectLike && !def) {
        if (!ensureObject(path, parent)) continue;
        for (const v of Array.isArray(value) ? value : [value]) {
          if (isObj(v)) walk(v, path);
          else if (v !== null) throw mapperParsing(`object mapping for [${path}] tried to parse field [${path}] as object, but found a concrete value`);
        }
        continue;
      }
      leaf(path, parent, value);
    }
  };

  /** Makes sure an object path exists (dynamically); false when dynamic=false hides it. */
  const ensureObject = (path: string, parent: string): boolean => {
    if (mapping.objects.has(path) || pendingObjects.has(path)) return true;
    if (mapping.fields.has(path) || pending.has(path)) {
      throw mapperParsing(`Could not dynamically add mapping for field [${path}]. Existing mapping for [${path}] must be of type object but found [${(mapping.fields.get(path) ?? pending.get(path))!.type}].`);
    }
    const dynamic = mapping.dynamicAt(parent);
    if (dynamic === 'strict') {
      throw new EsError({ status: 400, type: 'strict_dynamic_mapping_exception', reason: `[1:1] mapping set to strict, dynamic introduction of [${path.slice(parent ? parent.length + 1 : 0)}] within [${parent || '_doc'}] is not allowed` });
    }
    if (dynamic === 'false' || dynamic === 'runtime') return false;
    pendingObjects.add(path);
    newObjects.push(path);
    return true;
  };

  walk(source, '');
  return { values, newFields, newObjects };
}

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
