/**
 * BM25 scoring (Lucene's BM25Similarity, k1 = 1.2, b = 0.75, without the legacy (k1 + 1)
 * factor) over a text column's postings. Field-length norms are exact, not Lucene's lossy
 * one-byte encoding, so scores are close to Elasticsearch's but not bit-identical.
 */
import type { TextColumn } from '../store/columns';
import type { Matches, QueryContext } from './matches';

const K1 = 1.2;
const B = 0.75;

/** Adds one term's BM25 contribution into `scores`, setting `bits` (and counting into `counts` when given). */
export function addTermScores(opts: { col: TextColumn; ctx: QueryContext; term: string; boost: number; bits: Uint8Array; scores: Float32Array; counts?: Uint16Array }): void {
  const { col, ctx, term, boost, bits, scores, counts } = opts;
  const p = col.postings.get(term);
  if (!p) return;
  const n = col.docCount || 1;
  const df = p.docs.length;
  const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
  const avgdl = col.sumLength / n || 1;
  const lengths = col.lengths;
  for (let i = 0; i < p.docs.length; i++) {
    const d = p.docs[i];
    if (d >= ctx.n) break;
    const tf = p.tfs[i];
    scores[d] += (boost * idf * tf) / (tf + K1 * (1 - B + (B * lengths[d]) / avgdl));
    bits[d] = 1;
    if (counts) counts[d]++;
  }
}

/** A single-term BM25 query. */
export function bm25Term(col: TextColumn, ctx: QueryContext, term: string, boost: number): Matches {
  const bits = new Uint8Array(ctx.n);
  const scores = new Float32Array(ctx.n);
  addTermScores({ col, ctx, term, boost, bits, scores });
  return { bits, scores, constant: 0 };
}
