/**
 * Analyzers for text fields. `standard` approximates Lucene's StandardTokenizer (Unicode word
 * boundaries, UAX #29: letters and digits with inner apostrophes and dots kept, each CJK
 * ideograph its own token) followed by lower-casing; `simple`, `whitespace`, `keyword`, `stop`
 * and `english` (standard + English stop words, no stemming) are the others a mapping may name.
 */
import { mapperException } from '../errors';

/** Turns text into terms. */
export type Analyzer = (text: string) => string[];

const WORD = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]|[\p{L}\p{M}\p{N}_]+(?:['’.:][\p{L}\p{M}\p{N}_]+)*/gu;
const LETTERS = /\p{L}+/gu;
const STOP = new Set('a an and are as at be but by for if in into is it no not of on or such that the their then there these they this to was will with'.split(' '));

const ASCII_WORD = /^[a-z0-9_]{1,255}$/;
const standard: Analyzer = (text) => {
  const lower = text.toLowerCase();
  if (ASCII_WORD.test(lower)) return [lower]; // fast path: one plain token
  const out: string[] = [];
  WORD.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = WORD.exec(lower)) !== null) out.push(m[0].length > 255 ? m[0].slice(0, 255) : m[0]);
  return out;
};

const ANALYZERS: Record<string, Analyzer> = {
  standard,
  default: standard,
  simple: (text) => Array.from(text.matchAll(LETTERS), (m) => m[0].toLowerCase()),
  whitespace: (text) => text.split(/\s+/).filter(Boolean),
  keyword: (text) => [text],
  stop: (text) => Array.from(text.matchAll(LETTERS), (m) => m[0].toLowerCase()).filter((t) => !STOP.has(t)),
  english: (text) => standard(text).filter((t) => !STOP.has(t)),
};

/** Whether an analyzer name is known. */
export const knownAnalyzer = (name: string): boolean => name in ANALYZERS;

/** Looks up an analyzer by name; throws a mapper error for unknown ones. */
export function analyzer(name: string | undefined): Analyzer {
  const a = ANALYZERS[name ?? 'standard'];
  if (!a) throw mapperException(`analyzer [${name}] has not been configured in mappings (known: ${Object.keys(ANALYZERS).join(', ')})`);
  return a;
}
