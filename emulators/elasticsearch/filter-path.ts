/**
 * `filter_path`: keeps only the listed dotted paths of a response (`hits.hits._source`,
 * `items.*.error`), with `*` matching one level and `**` any depth, and `-path` excluding.
 */

type Json = unknown;

/** Applies a comma-separated filter_path expression to a JSON value. */
export function applyFilterPath(value: Json, expr: string): Json {
  const all = expr.split(',').map((s) => s.trim()).filter(Boolean);
  const includes = all.filter((p) => !p.startsWith('-')).map((p) => p.split('.'));
  const excludes = all.filter((p) => p.startsWith('-')).map((p) => p.slice(1).split('.'));
  let out = includes.length ? include(value, includes) : value;
  if (out === undefined) out = {};
  return excludes.length ? exclude(out, excludes) : out;
}

const matches = (pattern: string, key: string): boolean =>
  pattern === '*' || pattern === key || (pattern.includes('*') && new RegExp(`^${pattern.split('*').map(escape).join('.*')}$`).test(key));
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function include(value: Json, paths: string[][]): Json {
  if (paths.some((p) => p.length === 0)) return value;
  if (Array.isArray(value)) {
    const kept = value.map((v) => include(v, paths)).filter((v) => v !== undefined);
    return kept.length ? kept : undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(value)) {
    const next: string[][] = [];
    for (const p of paths) {
      if (p[0] === '**') {
        next.push(p);
        if (p.length > 1 && matches(p[1], k)) next.push(p.slice(2));
      } else if (matches(p[0], k)) next.push(p.slice(1));
    }
    if (!next.length) continue;
    const sub = include(v, next);
    if (sub !== undefined) out[k] = sub;
  }
  return Object.keys(out).length ? out : undefined;
}

function exclude(value: Json, paths: string[][]): Json {
  if (Array.isArray(value)) return value.map((v) => exclude(v, paths));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(value)) {
    const here = paths.filter((p) => matches(p[0], k));
    if (here.some((p) => p.length === 1)) continue;
    out[k] = here.length ? exclude(v, here.map((p) => p.slice(1))) : v;
  }
  return out;
}
