/**
 * `highlight`: wraps the query's terms in a hit's text fields (`<em>` by default). Terms come
 * from the query (match, match_phrase, multi_match, term(s), prefix, wildcard, query strings,
 * bool and constant_score children), analyzed like the field; only terms queried on a field
 * highlight it (`require_field_match`). Values longer than `fragment_size` are cut into
 * sentence-based fragments, and the ones with matches are returned in text order, up to
 * `number_of_fragments` (0 returns the whole value). Fragment boundaries approximate
 * Elasticsearch's unified highlighter.
 */
import { parsingException } from '../errors';
import { valuesAt } from '../query/phrase';
import { parseQueryString, parseSimpleQueryString, stringQueryOptions } from '../query/query-string';
import { wildcardRegex } from '../query/term-level';
import { analyzer } from '../store/analysis';
import type { EsIndex } from '../store/es-index';

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A compiled highlight request. */
export interface HighlightSpec {
  readonly fields: ReadonlyArray<{ pattern: string; fragmentSize: number; fragments: number; pre: string; post: string }>;
  readonly query: unknown;
}

/** Reads `highlight` (`fields` as an object or an array of one-key objects). */
export function parseHighlight(spec: unknown, query: unknown): HighlightSpec | undefined {
  if (spec === undefined) return undefined;
  if (!isObj(spec) || spec.fields === undefined) throw parsingException('[highlight] requires [fields]');
  const tags = (v: unknown, d: string): string => (Array.isArray(v) && typeof v[0] === 'string' ? v[0] : d);
  const entries: Array<[string, unknown]> = Array.isArray(spec.fields)
    ? spec.fields.flatMap((f) => (isObj(f) ? Object.entries(f) : []))
    : isObj(spec.fields) ? Object.entries(spec.fields) : [];
  const fields = entries.map(([pattern, opts]) => {
    const o = isObj(opts) ? opts : {};
    const num = (k: string, d: number) => (o[k] ?? spec[k]) === undefined ? d : Number(o[k] ?? spec[k]);
    return {
      pattern,
      fragmentSize: num('fragment_size', 100),
      fragments: num('number_of_fragments', 5),
      pre: tags(o.pre_tags ?? spec.pre_tags, '<em>'),
      post: tags(o.post_tags ?? spec.post_tags, '</em>'),
    };
  });
  return { fields, query: isObj(spec.highlight_query) ? spec.highlight_query : query };
}

/** A matcher for one field's tokens. */
type TermTest = (token: string) => boolean;

/** Collects, per field, tests that say which (analyzed) tokens the query looks for. */
function collect(query: unknown, index: EsIndex, out: Map<string, TermTest[]>): void {
  if (!isObj(query)) return;
  const add = (field: string, test: TermTest) => {
    for (const f of index.mapping.matchFields(field)) {
      const list = out.get(f) ?? [];
      list.push(test);
      out.set(f, list);
    }
  };
  const analyzedTerms = (field: string, text: unknown): Set<string> => {
    const def = index.mapping.fields.get(field);
    return new Set(def?.type === 'text' ? analyzer(def.searchAnalyzer)(String(text)) : [String(text)]);
  };
  for (const [kind, body] of Object.entries(query)) {
    if (!isObj(body) && !Array.isArray(body)) continue;
    switch (kind) {
      case 'bool':
        for (const k of ['must', 'should', 'filter']) for (const q of [(body as Json)[k]].flat()) collect(q, index, out);
        break;
      case 'constant_score':
        collect((body as Json).filter, index, out);
        break;
      case 'match': case 'match_phrase': case 'term': case 'prefix': case 'wildcard':
        for (const [field, spec] of Object.entries(body as Json)) {
          if (field === 'boost' || field === '_name') continue;
          const value = isObj(spec) ? (spec.query ?? spec.value ?? spec.wildcard) : spec;
          for (const f of index.mapping.matchFields(field)) {
            if (kind === 'prefix') { const p = String(value).toLowerCase(); add(f, (t) => t.toLowerCase().startsWith(p)); }
            else if (kind === 'wildcard') { const re = wildcardRegex(String(value), true); add(f, (t) => re.test(t)); }
            else { const terms = analyzedTerms(f, value); add(f, (t) => terms.has(t)); }
          }
        }
        break;
      case 'terms':
        for (const [field, list] of Object.entries(body as Json)) {
          if (!Array.isArray(list)) continue;
          const set = new Set(list.map(String));
          add(field, (t) => set.has(t));
        }
        break;
      case 'multi_match': {
        const b = body as Json;
        const fields = Array.isArray(b.fields) ? b.fields.map((f) => String(f).split('^')[0]) : ['*'];
        for (const pattern of fields) for (const f of index.mapping.matchFields(pattern)) { const terms = analyzedTerms(f, b.query); add(f, (t) => terms.has(t)); }
        break;
      }
      case 'query_string':
      case 'simple_query_string': {
        const opts = stringQueryOptions(body);
        collect(kind === 'query_string' ? parseQueryString(opts.query, opts) : parseSimpleQueryString(opts.query, opts), index, out);
        break;
      }
      default:
        break;
    }
  }
}

/** Wraps matching tokens of one value; returns fragments (or undefined when nothing matched). */
function highlightValue(text: string, tokenize: (s: string) => Array<{ start: number; end: number; term: string }>, tests: TermTest[], f: HighlightSpec['fields'][number]): string[] | undefined {
  const hits = tokenize(text).filter((tok) => tests.some((test) => test(tok.term)));
  if (!hits.length) return undefined;
  const mark = (from: number, to: number): string => {
    let out = '';
    let pos = from;
    for (const h of hits) {
      if (h.start < from || h.end > to) continue;
      out += text.slice(pos, h.start) + f.pre + text.slice(h.start, h.end) + f.post;
      pos = h.end;
    }
    return out + text.slice(pos, to);
  };
  if (f.fragments === 0 || text.length <= f.fragmentSize) return [mark(0, text.length)];
  // Sentence-based fragments no longer than fragment_size (a long sentence stands alone).
  const sentences = [...text.matchAll(/[^.!?]+(?:[.!?]+\s*|$)/g)].map((m) => [m.index!, m.index! + m[0].length] as const);
  const fragments: Array<[number, number]> = [];
  for (const [s, e] of sentences) {
    const last = fragments[fragments.length - 1];
    if (last && e - last[0] <= f.fragmentSize) last[1] = e;
    else fragments.push([s, e]);
  }
  return fragments
    .filter(([s, e]) => hits.some((h) => h.start >= s && h.end <= e))
    .slice(0, f.fragments)
    .map(([s, e]) => mark(s, e).trim());
}

/** Token positions of a text for a field (lower-cased as the standard analyzer does). */
function tokenizerFor(type: string): (s: string) => Array<{ start: number; end: number; term: string }> {
  if (type !== 'text') return (s) => [{ start: 0, end: s.length, term: s }];
  const word = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]|[\p{L}\p{M}\p{N}_]+(?:['’.:][\p{L}\p{M}\p{N}_]+)*/gu;
  return (s) => Array.from(s.matchAll(word), (m) => ({ start: m.index!, end: m.index! + m[0].length, term: m[0].toLowerCase() }));
}

/** The `highlight` object of one hit; undefined when nothing matched. */
export function highlightHit(index: EsIndex, source: Json, spec: HighlightSpec, cache: Map<EsIndex, Map<string, TermTest[]>>): Json | undefined {
  let tests = cache.get(index);
  if (!tests) {
    tests = new Map();
    collect(spec.query, index, tests);
    cache.set(index, tests);
  }
  const out: Json = {};
  for (const f of spec.fields) {
    for (const path of index.mapping.matchFields(f.pattern)) {
      const def = index.mapping.fields.get(path)!;
      const fieldTests = tests.get(path);
      if (!fieldTests || (def.type !== 'text' && def.type !== 'keyword')) continue;
      const tokenize = tokenizerFor(def.type);
      const fragments = valuesAt(source, def.multiFieldOf ?? path)
        .flat(Infinity)
        .filter((v): v is string | number => typeof v === 'string' || typeof v === 'number')
        .flatMap((v) => highlightValue(String(v), tokenize, fieldTests, f) ?? []);
      if (fragments.length) out[path] = f.fragments === 0 ? fragments : fragments.slice(0, f.fragments);
    }
  }
  return Object.keys(out).length ? out : undefined;
}
