/**
 * Object listing as the JSON API does it: names in UTF-8 byte order, `prefix`, `delimiter`
 * (collapsed into `prefixes`), `startOffset`/`endOffset`, `matchGlob`, `includeTrailingDelimiter`,
 * and `maxResults` counting objects and prefixes together, with an opaque `pageToken`.
 */
import { badRequest } from './errors';

/** Compares strings by Unicode code point, which is UTF-8 byte order (JS `<` compares UTF-16 units). */
export function compareNames(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    // Move surrogates (U+D800–DFFF, i.e. code points ≥ U+10000) above U+E000–FFFF.
    if (x >= 0xd800) x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
    if (y >= 0xd800) y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    return x - y;
  }
  return a.length - b.length;
}

/** First index in sorted `names` whose name is ≥ `key` (or > `key` when `after`). */
export function lowerBound(names: readonly string[], key: string, after = false): number {
  let lo = 0;
  let hi = names.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const c = compareNames(names[mid], key);
    if (c < 0 || (after && c === 0)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Turns a GCS `matchGlob` into a RegExp: `*` any run without `/`, `**` any run, `?` one character
 * except `/`, `[abc]`/`[!abc]` sets, `{a,b}` alternatives, `\` escapes.
 * @throws GcsError 400 for an unbalanced `[` or `{`.
 */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  let depth = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '\\' && i + 1 < glob.length) re += escapeRe(glob[++i]);
    else if (c === '*') {
      if (glob[i + 1] === '*') {
        i++;
        // `**/` also matches no directory at all.
        if (glob[i + 1] === '/') {
          i++;
          re += '(?:.*/)?';
        } else re += '.*';
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close < 0) throw badRequest(`matchGlob ${JSON.stringify(glob)} has an unclosed "["`);
      let body = glob.slice(i + 1, close);
      const negate = body.startsWith('!');
      if (negate) body = body.slice(1);
      re += `[${negate ? '^' : ''}${body.replace(/[\\\]^]/g, '\\$&')}]`;
      i = close;
    } else if (c === '{') {
      depth++;
      re += '(?:';
    } else if (c === '}' && depth > 0) {
      depth--;
      re += ')';
    } else if (c === ',' && depth > 0) re += '|';
    else re += escapeRe(c);
  }
  if (depth !== 0) throw badRequest(`matchGlob ${JSON.stringify(glob)} has an unclosed "{"`);
  return new RegExp(`^${re}$`, 's');
}
const escapeRe = (c: string): string => c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** The listing query parameters. */
export interface ListQuery {
  readonly prefix?: string;
  readonly delimiter?: string;
  readonly startOffset?: string;
  readonly endOffset?: string;
  readonly matchGlob?: string;
  readonly includeTrailingDelimiter?: boolean;
  readonly pageToken?: string;
  /** @default 1000 */
  readonly maxResults?: number;
}

/** One page of a listing. */
export interface ListPage {
  readonly names: string[];
  readonly prefixes: string[];
  readonly nextPageToken?: string;
}

interface Token {
  /** Resume strictly after this key. */
  readonly k: string;
  /** The key was a collapsed prefix: skip every name under it too. */
  readonly p?: boolean;
}

const encodeToken = (t: Token): string => Buffer.from(JSON.stringify(t), 'utf8').toString('base64url');
function decodeToken(token: string): Token {
  try {
    const t = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Token;
    if (typeof t?.k !== 'string') throw new TypeError('no key');
    return t;
  } catch (err) {
    throw badRequest(`Invalid pageToken ${JSON.stringify(token)} (${(err as Error).message}); pass the nextPageToken of the previous page unchanged.`);
  }
}

/** Computes one page over `names`, which must be sorted by {@link compareNames}. */
export function listPage(names: readonly string[], q: ListQuery): ListPage {
  const prefix = q.prefix ?? '';
  const max = q.maxResults ?? 1000;
  if (!Number.isInteger(max) || max < 1) throw badRequest(`Invalid maxResults ${q.maxResults}: use a positive integer.`);
  const glob = q.matchGlob ? globToRegExp(q.matchGlob) : undefined;
  const token = q.pageToken ? decodeToken(q.pageToken) : undefined;
  let i = lowerBound(names, prefix);
  if (q.startOffset) i = Math.max(i, lowerBound(names, q.startOffset));
  if (token) i = Math.max(i, lowerBound(names, token.k, true));
  let skipUnder = token?.p ? token.k : undefined;
  const out: ListPage = { names: [], prefixes: [] };
  let lastKey: Token | undefined;
  for (; i < names.length; i++) {
    const name = names[i];
    if (!name.startsWith(prefix)) {
      if (compareNames(name, prefix) > 0) break;
      continue;
    }
    if (q.endOffset && compareNames(name, q.endOffset) >= 0) break;
    if (skipUnder !== undefined && name.startsWith(skipUnder)) continue;
    if (glob && !glob.test(name)) continue;
    let collapsed: string | undefined;
    if (q.delimiter) {
      const at = name.indexOf(q.delimiter, prefix.length);
      if (at >= 0) collapsed = name.slice(0, at + q.delimiter.length);
    }
    const size = out.names.length + out.prefixes.length;
    if (size >= max) return { ...out, nextPageToken: lastKey && encodeToken(lastKey) };
    if (collapsed !== undefined) {
      out.prefixes.push(collapsed);
      if (q.includeTrailingDelimiter && name === collapsed) out.names.push(name);
      skipUnder = collapsed;
      lastKey = { k: collapsed, p: true };
    } else {
      out.names.push(name);
      lastKey = { k: name };
    }
  }
  return out;
}
