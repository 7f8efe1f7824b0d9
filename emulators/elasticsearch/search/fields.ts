/**
 * The `fields` and `docvalue_fields` search options: per hit, the values of mapped leaf fields
 * (patterns with `*`), read from `_source` and returned the way the mapping types them — dates
 * in the field's (or the requested) format, numbers as numbers, geo points as GeoJSON, multi-fields
 * from their parent's value — as `fields: { path: [values] }`.
 */
import { parsingException } from '../errors';
import { valuesAt } from '../query/phrase';
import { formatDate, parseDate } from '../store/dates';
import { parseGeo } from '../store/document';
import { canonicalIp } from '../store/ip';
import type { EsIndex } from '../store/es-index';
import type { FieldDef } from '../store/mapping';

type Json = Record<string, unknown>;

/** One requested field pattern. */
export interface FieldRequest {
  readonly pattern: string;
  readonly format?: string;
}

/** Reads `fields` / `docvalue_fields` (strings or `{ field, format }`). */
export function parseFieldRequests(spec: unknown, name: string): FieldRequest[] {
  if (spec === undefined) return [];
  if (!Array.isArray(spec)) throw parsingException(`[${name}] must be an array`);
  return spec.map((f) => {
    if (typeof f === 'string') return { pattern: f };
    if (f && typeof f === 'object' && typeof (f as Json).field === 'string') return { pattern: (f as Json).field as string, format: (f as Json).format as string | undefined };
    throw parsingException(`[${name}] entries must be field names or { field, format } objects`);
  });
}

function convert(def: FieldDef, value: unknown, format: string | undefined): unknown {
  switch (def.type) {
    case 'ip':
      return typeof value === 'string' ? canonicalIp(value) : undefined;
    case 'keyword':
      return typeof value === 'object' ? undefined : String(value).length > def.ignoreAbove ? undefined : String(value);
    case 'text':
    case 'match_only_text':
      return typeof value === 'object' ? undefined : String(value);
    case 'date': {
      const ms = parseDate(value, def.format);
      return format === 'epoch_millis' ? ms : formatDate(ms, format ?? def.format);
    }
    case 'boolean':
      return value === true || value === 'true';
    case 'geo_point': {
      const p = parseGeo(value);
      return p ? { type: 'Point', coordinates: [p[1], p[0]] } : undefined;
    }
    default: {
      const n = Number(value);
      if (!Number.isFinite(n)) return undefined;
      return def.type === 'float' || def.type === 'half_float' ? Math.fround(n) : ['long', 'integer', 'short', 'byte'].includes(def.type) ? Math.trunc(n) : n;
    }
  }
}

/** The `fields` object of one hit; undefined when no requested field has a value. */
export function hitFields(index: EsIndex, source: Json, requests: readonly FieldRequest[], sorted: boolean): Json | undefined {
  const out: Json = {};
  for (const req of requests) {
    for (const path of index.mapping.matchFields(req.pattern)) {
      if (path in out) continue;
      const def = index.mapping.fields.get(path)!;
      const raw = valuesAt(source, def.multiFieldOf ?? path);
      const geo = def.type === 'geo_point' && raw.length === 2 && raw.every((v) => typeof v === 'number') ? [raw] : raw;
      const values = (def.type === 'geo_point' ? geo : geo.flat(Infinity)).filter((v) => v !== null).map((v) => convert(def, v, req.format)).filter((v) => v !== undefined);
      if (!values.length) continue;
      if (sorted) values.sort((a, b) => (String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0));
      out[path] = values;
    }
  }
  return Object.keys(out).length ? out : undefined;
}
