/**
 * What a query evaluates to over one index: a bitmap of matching doc numbers (sized to the
 * docs visible at the last refresh) and scores, or one constant score for all matches.
 */
import { parsingException } from '../errors';
import type { EsIndex } from '../store/es-index';

/** Matching docs and their scores. */
export interface Matches {
  readonly bits: Uint8Array;
  /** Per-doc scores; null means every match scores {@link Matches.constant}. */
  readonly scores: Float32Array | null;
  readonly constant: number;
}

/** Context of one evaluation. */
export interface QueryContext {
  readonly index: EsIndex;
  /** Universe size: docs visible at the last refresh. */
  readonly n: number;
  /** `now` for date math, fixed for the whole request. */
  readonly now: number;
}

/** A query handler. */
export type QueryHandler = (body: unknown, ctx: QueryContext, evaluate: (q: unknown, ctx: QueryContext) => Matches) => Matches;

/** No matches. */
export const none = (ctx: QueryContext): Matches => ({ bits: new Uint8Array(ctx.n), scores: null, constant: 0 });

/** Matches given as a bitmap with one constant score. */
export const constant = (bits: Uint8Array, score: number): Matches => ({ bits, scores: null, constant: score });

/** Score of a doc in a Matches. */
export const scoreOf = (m: Matches, doc: number): number => (m.scores ? m.scores[doc] : m.constant);

type Json = Record<string, unknown>;
/** Whether a value is a plain object. */
export const isObj = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Reads the single `{ field: spec }` pair of a field-level query, with its other top-level options. */
export function fieldAndSpec(kind: string, body: unknown): { field: string; spec: unknown } {
  if (!isObj(body)) throw parsingException(`[${kind}] query malformed, no start_object after query name`);
  const keys = Object.keys(body).filter((k) => k !== 'boost' && k !== '_name');
  if (keys.length !== 1) {
    throw parsingException(`[${kind}] query doesn't support multiple fields, found [${keys.join('] and [')}]`);
  }
  return { field: keys[0], spec: body[keys[0]] };
}

/** Reads `boost` (default 1). */
export const boostOf = (spec: unknown): number => (isObj(spec) && spec.boost !== undefined ? Number(spec.boost) : 1);
