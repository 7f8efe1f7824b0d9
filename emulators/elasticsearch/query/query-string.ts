/**
 * Query-string syntaxes, translated to query DSL: `simple_query_string` (`+` `|` `-` `*`,
 * parentheses) and the subset of Lucene syntax that `query_string` and the URI `q=` parameter
 * use most (`field:value`, `AND`/`OR`/`NOT`, `+`/`-`, parentheses, `*` wildcards,
 * `field:[a TO b]`, `"phrases"`). Fuzzy and proximity operators answer 501. Over field patterns
 * (`*`, the default) phrases, wildcards and prefixes reach every text and keyword field.
 */
import { parsingException, unsupported } from '../errors';
import { isObj } from './matches';

type Json = Record<string, unknown>;

interface Clause { occur: 'must' | 'should' | 'must_not'; query: Json }

/** Options shared by both syntaxes. */
interface StringQueryOptions {
  readonly fields: readonly string[];
  /**
   * The text and keyword fields a field pattern (`*`, `title*`) stands for, for the clauses that
   * name fields one by one (phrases, wildcards, prefixes); full-text terms keep the patterns.
   */
  readonly termFields?: readonly string[];
  readonly defaultOperator: 'or' | 'and';
  readonly lenient: boolean;
}

function tokenize(text: string): string[] {
  const out: string[] = [];
  const re = /\s*("(?:[^"\\]|\\.)*"|[()]|\[[^\]]*\]|\{[^}]*\}|(?:\\.|[^\s()"])+)/gy;
  let m: RegExpExecArray | null;
  let last = 0;
  while ((m = re.exec(text)) !== null) {
    out.push(m[1]);
    last = re.lastIndex;
  }
  if (text.slice(last).trim() !== '') throw parsingException(`Failed to parse query [${text}]`);
  return out;
}

/** A leaf term (`value`, `field:value`, `val*`, `field:[a TO b]`) as query DSL. */
/** A quoted phrase over one or more fields. */
function phraseOver(fields: readonly string[], quoted: string): Json {
  const text = quoted.slice(1, -1).replace(/\\(.)/g, '$1');
  const per = fields.map((f) => ({ match_phrase: { [f]: text } }));
  return per.length === 1 ? per[0] : { bool: { should: per } };
}

function leaf(term: string, opts: StringQueryOptions): Json {
  if (term.startsWith('"')) return phraseOver(opts.termFields ?? opts.fields, term);
  let field: string | undefined;
  let value = term;
  const colon = /^((?:\\.|[^:\\])+):(.+)$/s.exec(term);
  if (colon && !/^https?$/.test(colon[1])) {
    field = colon[1].replace(/\\(.)/g, '$1');
    value = colon[2];
  }
  if (value.startsWith('"')) return phraseOver(field ? [field] : (opts.termFields ?? opts.fields), value);
  if (/~\d*$/.test(value)) throw unsupported('fuzzy and proximity operators (~) in query strings');
  const fields = field ? [field] : opts.fields;
  if ((field === '*' || !field) && value === '*') return { match_all: {} };
  const rangeM = /^([[{])\s*(\S+)\s+TO\s+(\S+)\s*([\]}])$/.exec(value);
  if (rangeM) {
    if (!field) throw parsingException('range syntax needs a field: field:[a TO b]');
    const spec: Json = {};
    if (rangeM[2] !== '*') spec[rangeM[1] === '[' ? 'gte' : 'gt'] = rangeM[2];
    if (rangeM[3] !== '*') spec[rangeM[4] === ']' ? 'lte' : 'lt'] = rangeM[3];
    return { range: { [field]: spec } };
  }
  const unescaped = value.replace(/\\(.)/g, '$1');
  if (/(?<!\\)[*?]/.test(value)) {
    const pattern = value.toLowerCase();
    const perField = (field ? fields : (opts.termFields ?? fields)).map((f) => ({ wildcard: { [f]: { value: pattern, case_insensitive: true } } }));
    return perField.length === 1 ? perField[0] : { bool: { should: perField } };
  }
  return fields.length === 1 && !fields[0].includes('*')
    ? { match: { [fields[0]]: { query: unescaped, lenient: opts.lenient } } }
    : { multi_match: { query: unescaped, fields, lenient: true } };
}

function build(clauses: Clause[]): Json {
  if (clauses.length === 1 && clauses[0].occur !== 'must_not') return clauses[0].query;
  const bool: Record<string, Json[]> = {};
  for (const c of clauses) (bool[c.occur] ??= []).push(c.query);
  if (!bool.must && !bool.should) bool.must = [{ match_all: {} }];
  return { bool };
}

/** Parses Lucene-style syntax (query_string, `q=`). */
export function parseQueryString(text: string, opts: StringQueryOptions): Json {
  const tokens = tokenize(text);
  let pos = 0;
  const group = (): Json => {
    const clauses: Clause[] = [];
    let pendingAnd = false;
    let pendingNot = false;
    while (pos < tokens.length && tokens[pos] !== ')') {
      let tok = tokens[pos++];
      if (tok === 'AND' || tok === '&&') { pendingAnd = true; continue; }
      if (tok === 'OR' || tok === '||') { continue; }
      if (tok === 'NOT' || tok === '!') { pendingNot = true; continue; }
      let occur: Clause['occur'] = opts.defaultOperator === 'and' ? 'must' : 'should';
      if (tok.startsWith('+') && tok.length > 1) { occur = 'must'; tok = tok.slice(1); }
      else if (tok.startsWith('-') && tok.length > 1) { occur = 'must_not'; tok = tok.slice(1); }
      if (pendingNot) occur = 'must_not';
      else if (pendingAnd) {
        occur = 'must';
        const prev = clauses[clauses.length - 1];
        if (prev && prev.occur === 'should') prev.occur = 'must';
      }
      pendingAnd = pendingNot = false;
      let query: Json;
      if (tok === '(') {
        query = group();
        if (tokens[pos++] !== ')') throw parsingException(`Failed to parse query [${text}]: missing )`);
      } else if (tok.endsWith(':') && tokens[pos] === '(') {
        pos++;
        const field = tok.slice(0, -1);
        const inner = parseQueryString(collectGroup(), { ...opts, fields: [field] });
        query = inner;
      } else query = leaf(tok, opts);
      clauses.push({ occur, query });
    }
    if (clauses.length === 0) return { match_none: {} };
    return build(clauses);
  };
  const collectGroup = (): string => {
    const start = pos;
    let depth = 1;
    while (pos < tokens.length && depth > 0) {
      if (tokens[pos] === '(') depth++;
      else if (tokens[pos] === ')') depth--;
      pos++;
    }
    if (depth !== 0) throw parsingException(`Failed to parse query [${text}]: missing )`);
    return tokens.slice(start, pos - 1).join(' ');
  };
  const q = group();
  if (pos < tokens.length) throw parsingException(`Failed to parse query [${text}]: unexpected )`);
  return q;
}

/** Parses simple_query_string syntax (never fails on syntax, as Elasticsearch's does not). */
export function parseSimpleQueryString(text: string, opts: StringQueryOptions): Json {
  const clauses: Clause[] = [];
  const parts = text.replace(/[()]/g, ' ').match(/[+-]?"[^"]*"|\S+/g) ?? [];
  let orNext = false;
  for (let part of parts) {
    if (part === '|') { orNext = true; continue; }
    let occur: Clause['occur'] = opts.defaultOperator === 'and' && !orNext ? 'must' : 'should';
    if (part.startsWith('+')) { occur = 'must'; part = part.slice(1); }
    else if (part.startsWith('-')) { occur = 'must_not'; part = part.slice(1); }
    orNext = false;
    if (!part) continue;
    if (part.startsWith('"') && part.endsWith('"') && part.length > 1) {
      clauses.push({ occur, query: phraseOver(opts.termFields ?? opts.fields, part) });
      continue;
    }
    if (/~\d*$/.test(part)) throw unsupported('fuzzy and proximity operators (~) in simple_query_string');
    const query = part.endsWith('*')
      ? { bool: { should: (opts.termFields ?? opts.fields).map((f) => ({ prefix: { [f]: { value: part.slice(0, -1).toLowerCase(), case_insensitive: true } } })) } }
      : opts.fields.length === 1 && !opts.fields[0].includes('*')
        ? { match: { [opts.fields[0]]: { query: part, lenient: true } } }
        : { multi_match: { query: part, fields: opts.fields, lenient: true } };
    clauses.push({ occur, query });
  }
  if (clauses.length === 0) return { match_none: {} };
  return build(clauses);
}

/** Reads the shared options of query_string / simple_query_string bodies. */
export function stringQueryOptions(body: unknown): StringQueryOptions & { query: string } {
  if (!isObj(body) || typeof body.query !== 'string') throw parsingException('[query_string] requires a [query] string');
  const fields = Array.isArray(body.fields) ? body.fields.map(String) : typeof body.default_field === 'string' ? [body.default_field] : ['*'];
  return {
    query: body.query,
    fields,
    defaultOperator: String(body.default_operator ?? 'or').toLowerCase() === 'and' ? 'and' : 'or',
    lenient: body.lenient === true,
  };
}
