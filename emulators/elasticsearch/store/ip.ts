/**
 * The `ip` field type: IPv4 and IPv6 addresses kept in canonical text form (in a keyword
 * column), CIDR matching for `term` queries (`192.168.0.0/16`), and numeric ordering for ranges.
 */
import { isIP } from 'node:net';

/** Canonical text of an address, or undefined when it is not one. */
export function canonicalIp(value: string): string | undefined {
  const v = value.trim();
  const kind = isIP(v);
  if (kind === 4) return v.split('.').map((o) => String(Number(o))).join('.');
  if (kind === 6) return compress6(expand6(v));
  return undefined;
}

/** RFC 5952 text: lower-case hex, the longest run (2+) of zero groups as `::`. */
function compress6(groups: number[]): string {
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) { best = i; bestLen = j - i; }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

/** The 16 bit groups of an IPv6 address (IPv4-mapped tails included). */
function expand6(v: string): number[] {
  let text = v;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const o = v4[1].split('.').map(Number);
    text = text.slice(0, -v4[1].length) + `${((o[0] << 8) | o[1]).toString(16)}:${((o[2] << 8) | o[3]).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const h = head ? head.split(':') : [];
  const t = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const fill = tail === undefined ? [] : Array(8 - h.length - t.length).fill('0');
  return [...h, ...fill, ...t].map((g) => parseInt(g, 16));
}

/** An address as a bigint (IPv4 mapped into the IPv6 space, as Elasticsearch orders them). */
export function ipToBigInt(value: string): bigint | undefined {
  const v = value.trim();
  const kind = isIP(v);
  if (kind === 4) return 0xffff00000000n + v.split('.').reduce((n, o) => (n << 8n) + BigInt(Number(o)), 0n);
  if (kind === 6) return expand6(v).reduce((n, g) => (n << 16n) + BigInt(g), 0n);
  return undefined;
}

/** A predicate for `a.b.c.d/len` (or a plain address); undefined when the text is neither. */
export function ipMatcher(text: string): ((ip: string) => boolean) | undefined {
  const [addr, lenText] = text.split('/');
  const base = ipToBigInt(addr);
  if (base === undefined) return undefined;
  const v4 = isIP(addr.trim()) === 4;
  const bits = lenText === undefined ? 128 : Number(lenText) + (v4 ? 96 : 0);
  if (!Number.isInteger(bits) || bits < 0 || bits > 128) return undefined;
  const mask = bits === 0 ? 0n : ((1n << BigInt(bits)) - 1n) << BigInt(128 - bits);
  const want = base & mask;
  return (ip) => {
    const n = ipToBigInt(ip);
    return n !== undefined && (n & mask) === want;
  };
}
