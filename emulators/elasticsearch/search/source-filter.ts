/**
 * `_source` filtering: `false`, a field or wildcard pattern, a list of them, or
 * `{ includes, excludes }`, and the `_source_includes` / `_source_excludes` URL parameters.
 */
import { parsingException } from '../errors';

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A compiled source filter; `null` means "no _source at all". */
export interface SourceFilter {
  readonly includes: RegExp[];
  readonly excludes: RegExp[];
}

const toList = (v: unknown): string[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v.map(String) : String(v).split(','));
const patternRe = (p: string): RegExp => new RegExp(`^${p.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);

/** Reads a `_source` spec (body) plus URL includes/excludes; null when the source is turned off. */
export function compileSourceFilter(spec: unknown, url: { includes?: string; excludes?: string; source?: string } = {}): SourceFilter | null {
  let includes: string[] = [];
  let excludes: string[] = [];
  if (url.source === 'false' || spec === false) return null;
  if (url.source !== undefined && url.source !== 'true') includes = toList(url.source);
  if (typeof spec === 'string' || Array.isArray(spec)) includes = toList(spec);
  else if (isObj(spec)) {
    for (const k of Object.keys(spec)) if (!['includes', 'excludes', 'include', 'exclude'].includes(k)) throw parsingException(`Unknown key for a VALUE_STRING in [${k}].`);
    includes = toList(spec.includes ?? spec.include);
    excludes = toList(spec.excludes ?? spec.exclude);
  } else if (spec !== undefined && spec !== true) throw parsingException('[_source] must be a boolean, string, array or object');
  if (url.includes) includes = toList(url.includes);
  if (url.excludes) excludes = toList(url.excludes);
  return { includes: includes.map(patternRe), excludes: excludes.map(patternRe) };
}

/** Applies a filter to a source object. */
export function filterSource(source: Json, filter: SourceFilter): Json {
  if (!filter.includes.length && !filter.excludes.length) return source;
  const walk = (obj: Json, prefix: string, parentIncluded: boolean): Json | undefined => {
    const out: Json = {};
    let any = false;
    for (const [k, v] of Object.entries(obj)) {
      const path = prefix ? `${prefix}.${k}` : k;
      if (filter.excludes.some((re) => re.test(path))) continue;
      const included = parentIncluded || filter.includes.length === 0 || filter.includes.some((re) => re.test(path));
      if (isObj(v)) {
        const sub = walk(v, path, included);
        if (sub !== undefined && (included || Object.keys(sub).length)) { out[k] = sub; any = true; }
      } else if (Array.isArray(v) && v.some(isObj)) {
        const list = v.map((e) => (isObj(e) ? walk(e, path, included) : included ? e : undefined)).filter((e) => e !== undefined);
        if (list.length || included) { out[k] = list; any = true; }
      } else if (included) {
        out[k] = v;
        any = true;
      }
    }
    return any || parentIncluded ? out : prefix ? undefined : out;
  };
  return walk(source, '', false) ?? {};
}
