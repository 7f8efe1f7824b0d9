/**
 * What every API module exports: routes, each naming the operation (the client's API name, e.g.
 * `indices.create`, also the name fault hooks see) and a handler that returns a value.
 */
import { illegalArgument } from '../errors';
import type { EsRequest, EsResponse } from '../http';
import type { Cluster } from '../store/cluster';
import type { EsIndex } from '../store/es-index';
import type { ScrollRegistry } from '../search/scroll';

/** Shared state handed to handlers. */
export interface ApiContext {
  readonly cluster: Cluster;
  readonly nodeName: string;
  readonly clusterName: string;
  /** Open scroll contexts. */
  readonly scrolls: ScrollRegistry;
  /** Applies `refresh=true|wait_for` after a write; returns whether a refresh was forced. */
  refreshAfterWrite(indices: Iterable<EsIndex>, refresh: string | undefined): boolean;
}

/** One route. */
export interface Route {
  readonly methods: readonly string[];
  /** Path pattern with `{param}` segments, e.g. `/{index}/_doc/{id}`. */
  readonly path: string;
  /** Operation name (the official client's API name). */
  readonly op: string;
  handle(req: EsRequest, ctx: ApiContext): EsResponse | Promise<EsResponse>;
}

/** The standard `_shards` block of a write. */
export const WRITE_SHARDS = { total: 2, successful: 1, failed: 0 };

/** Parses a boolean URL parameter (`true`, `''` when present without value). */
export const flag = (v: string | undefined): boolean => v !== undefined && v !== 'false';

/** Validates the `refresh` parameter before a write (`true`, `false`, `wait_for`, or empty). */
export function checkRefresh(value: string | undefined): void {
  if (value === undefined || value === '' || value === 'true' || value === 'false' || value === 'wait_for') return;
  throw illegalArgument(`Unknown value for refresh: [${value}].`);
}
