/**
 * Route matching: the API modules' routes compiled once into a table; a request path matches a
 * pattern segment by segment (`{param}` segments never match names starting with `_`, except
 * `_all`, so `/_search` and `/{index}` cannot be confused).
 */
import type { Route } from './api/route';
import { illegalArgument } from './errors';

/** The outcome of matching a request. */
export type RouteMatch =
  | { readonly kind: 'found'; readonly route: Route; readonly params: Record<string, string> }
  | { readonly kind: 'method'; readonly allowed: string[] }
  | { readonly kind: 'none' };

interface Compiled { route: Route; segments: string[] }

/** A compiled route table. */
export class Router {
  private readonly compiled: Compiled[];

  constructor(routes: readonly Route[]) {
    this.compiled = routes.map((route) => ({ route, segments: route.path.split('/').filter(Boolean) }));
  }

  /** Matches a method and a decoded path. */
  match(method: string, path: string): RouteMatch {
    let parts: string[];
    try {
      parts = path.split('/').filter(Boolean).map(decodeURIComponent);
    } catch (err) {
      throw illegalArgument(`cannot decode the path [${path}]: ${(err as Error).message}`);
    }
    const allowed = new Set<string>();
    for (const c of this.compiled) {
      const params = matchSegments(c.segments, parts);
      if (!params) continue;
      if (c.route.methods.includes(method)) return { kind: 'found', route: c.route, params };
      for (const m of c.route.methods) allowed.add(m);
    }
    return allowed.size ? { kind: 'method', allowed: [...allowed] } : { kind: 'none' };
  }
}

function matchSegments(pattern: string[], parts: string[]): Record<string, string> | undefined {
  if (pattern.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i];
    if (p.startsWith('{')) {
      if (parts[i].startsWith('_') && !(p === '{index}' && parts[i] === '_all')) return undefined;
      params[p.slice(1, -1)] = parts[i];
    } else if (p !== parts[i]) return undefined;
  }
  return params;
}
