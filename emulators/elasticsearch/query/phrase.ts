/**
 * Phrase queries (`match_phrase`, and `"..."` in query strings) with slop 0. On a keyword field a
 * phrase is the whole value (the keyword analyzer makes one term of it). The emulator keeps
 * no term positions: candidates are the docs holding every term (from the postings), and each
 * candidate's field value is re-analyzed from `_source` to check the terms appear in order and
 * adjacent within one value (Elasticsearch's position gap keeps phrases inside one array value).
 */
import { parsingException, unsupported } from '../errors';
import { analyzer } from '../store/analysis';
import { TextColumn } from '../store/columns';
import { boostOf, fieldAndSpec, isObj, none, type Matches, type QueryContext, type QueryHandler } from './matches';
import { addTermScores } from './scoring';

type Json = Record<string, unknown>;

/** Values at a dotted path of a source (arrays flattened; `a.b` keys honoured too). */
export function valuesAt(source: unknown, path: string): unknown[] {
  if (source === null || source === undefined) return [];
  if (Array.isArray(source)) return source.flatMap((s) => valuesAt(s, path));
  if (!isObj(source)) return path === '' ? [source] : [];
  if (path === '') return [source];
  const out: unknown[] = [];
  const parts = path.split('.');
  for (let i = 1; i <= parts.length; i++) {
    const key = parts.slice(0, i).join('.');
    if (key in source) out.push(...valuesAt((source as Json)[key], parts.slice(i).join('.')));
  }
  return out;
}

const containsRun = (tokens: readonly string[], phrase: readonly string[]): boolean => {
  outer: for (let i = 0; i + phrase.length <= tokens.length; i++) {
    for (let j = 0; j < phrase.length; j++) if (tokens[i + j] !== phrase[j]) continue outer;
    return true;
  }
  return false;
};

/** A phrase on one field. */
export function phraseField(field: string, text: string, opts: { boost: number; analyzer?: string }, ctx: QueryContext): Matches {
  const def = ctx.index.mapping.fields.get(field);
  const col = ctx.index.columns.get(field);
  if (!def || !(col instanceof TextColumn)) return none(ctx);
  const analyze = analyzer(opts.analyzer ?? def.searchAnalyzer);
  const terms = analyze(text);
  if (terms.length === 0) return none(ctx);
  const bits = new Uint8Array(ctx.n);
  const scores = new Float32Array(ctx.n);
  const counts = new Uint16Array(ctx.n);
  const unique = [...new Set(terms)];
  for (const t of unique) addTermScores({ col, ctx, term: t, boost: opts.boost, bits, scores, counts });
  const sourcePath = def.multiFieldOf ?? field;
  const indexAnalyze = analyzer(def.analyzer);
  for (let d = 0; d < ctx.n; d++) {
    if (!bits[d]) continue;
    if (counts[d] < unique.length || terms.length === 1) {
      if (counts[d] < unique.length) bits[d] = 0;
      continue;
    }
    const values = valuesAt(JSON.parse(ctx.index.sources[d]), sourcePath);
    if (!values.some((v) => v !== null && typeof v !== 'object' && containsRun(indexAnalyze(String(v)), terms))) bits[d] = 0;
  }
  return { bits, scores, constant: 0 };
}

/** A phrase on a keyword field: its analyzer keeps the whole value as one term, so the phrase must equal the value. */
const keywordPhrase = (field: string, text: string, boost: number, ctx: QueryContext, evaluate: Parameters<QueryHandler>[2]): Matches =>
  evaluate({ term: { [field]: { value: text, boost } } }, ctx);

const isKeyword = (ctx: QueryContext, field: string) => ctx.index.mapping.fields.get(field)?.type === 'keyword';

const matchPhrase: QueryHandler = (body, ctx, evaluate) => {
  const { field, spec } = fieldAndSpec('match_phrase', body);
  const query = isObj(spec) ? spec.query : spec;
  if (typeof query !== 'string' && typeof query !== 'number') throw parsingException(`[match_phrase] requires a query for field [${field}]`);
  if (isObj(spec) && spec.slop !== undefined && Number(spec.slop) !== 0) throw unsupported('[match_phrase] with slop > 0');
  const opts = { boost: boostOf(spec), analyzer: isObj(spec) ? (spec.analyzer as string | undefined) : undefined };
  if (!field.includes('*')) return isKeyword(ctx, field) ? keywordPhrase(field, String(query), opts.boost, ctx, evaluate) : phraseField(field, String(query), opts, ctx);
  // A wildcard (query strings over all fields): the best score over the matching text and keyword fields.
  const bits = new Uint8Array(ctx.n);
  const scores = new Float32Array(ctx.n);
  for (const f of ctx.index.mapping.matchFields(field)) {
    const type = ctx.index.mapping.fields.get(f)?.type;
    if (type !== 'text' && type !== 'keyword') continue;
    const m = type === 'keyword' ? keywordPhrase(f, String(query), opts.boost, ctx, evaluate) : phraseField(f, String(query), opts, ctx);
    for (let d = 0; d < ctx.n; d++) {
      if (!m.bits[d]) continue;
      bits[d] = 1;
      const sc = m.scores ? m.scores[d] : m.constant;
      if (sc > scores[d]) scores[d] = sc;
    }
  }
  return { bits, scores, constant: 0 };
};

/** Phrase query handlers. */
export const PHRASE: Record<string, QueryHandler> = { match_phrase: matchPhrase };
