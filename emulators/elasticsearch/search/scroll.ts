/**
 * Scroll contexts: a search with `scroll=1m` ranks all its matches once; `_search/scroll` serves
 * the following pages from that ranking (a point-in-time view, as Elasticsearch's is) until the
 * keep-alive lapses or the context is cleared.
 */
import { randomBytes } from 'node:crypto';
import { EsError, illegalArgument } from '../errors';
import { renderHits, type RankedHit, type RenderOptions } from './search';

type Json = Record<string, unknown>;

/** What a scroll keeps between pages. */
export interface ScrollState {
  readonly entries: readonly RankedHit[];
  pos: number;
  readonly size: number;
  readonly render: RenderOptions;
  readonly total: unknown;
  readonly shards: number;
  /** Keep-alive as given (`1m`, `30s`). */
  readonly keepAlive: string;
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Parses a keep-alive like `1m`; throws 400 when malformed. */
export function keepAliveMs(v: string): number {
  const m = /^(\d+)(ms|s|m|h|d)$/.exec(v);
  if (!m) throw illegalArgument(`failed to parse setting [scroll] with value [${v}] as a time value: unit is missing or unrecognized`);
  return Number(m[1]) * UNITS[m[2]];
}

const missing = (id: string): EsError => new EsError({ status: 404, type: 'search_context_missing_exception', reason: `No search context found for id [${id}]` });

/** Open scroll contexts. */
export class ScrollRegistry {
  private readonly open_ = new Map<string, { state: ScrollState; expiresAt: number }>();

  /** Registers a scroll and returns its id. */
  open(state: ScrollState): string {
    this.sweep();
    const id = randomBytes(24).toString('base64url');
    this.open_.set(id, { state, expiresAt: Date.now() + keepAliveMs(state.keepAlive) });
    return id;
  }

  /** The next page of a scroll. */
  next(id: string, keepAlive: string | undefined): Json {
    this.sweep();
    const ctx = this.open_.get(id);
    if (!ctx) throw missing(id);
    const { state } = ctx;
    ctx.expiresAt = Date.now() + keepAliveMs(keepAlive ?? state.keepAlive);
    const page = state.entries.slice(state.pos, state.pos + state.size);
    state.pos += page.length;
    const hits = renderHits(page, state.render);
    let maxScore: number | null = null;
    if (!state.render.sorted) for (const e of page) maxScore = Math.max(maxScore ?? -Infinity, e.score);
    return {
      _scroll_id: id, took: 0, timed_out: false,
      _shards: { total: state.shards, successful: state.shards, skipped: 0, failed: 0 },
      hits: { ...(state.total === undefined ? {} : { total: state.total }), max_score: maxScore, hits },
    };
  }

  /** Clears scrolls (`_all` clears every one); returns how many were freed. */
  clear(ids: readonly string[]): number {
    if (ids.includes('_all')) {
      const n = this.open_.size;
      this.open_.clear();
      return n;
    }
    let n = 0;
    for (const id of ids) if (this.open_.delete(id)) n++;
    return n;
  }

  private sweep(): void {
    const now = Date.now();
    for (const [id, ctx] of this.open_) if (ctx.expiresAt < now) this.open_.delete(id);
  }
}
