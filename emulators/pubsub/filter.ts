/**
 * The subscription filter language (attributes only, as in the service):
 *   attributes.k = "v"   attributes.k != "v"   attributes:k   hasPrefix(attributes.k, "p")
 *   NOT x   -x   x AND y   x OR y   (x)
 * AND and OR may not be mixed without parentheses (the service rejects that too). Keys may be
 * quoted (`attributes."a b"`). Filters longer than 256 bytes, or that do not parse, answer
 * INVALID_ARGUMENT at CreateSubscription.
 */
import { invalidArgument } from './errors';

type Attrs = Readonly<Record<string, string>>;
type Pred = (a: Attrs) => boolean;

interface Tok {
  t: 'word' | 'str' | 'op';
  v: string;
  at: number;
}

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] as string;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '"') {
      let v = '';
      const at = i++;
      while (i < src.length && src[i] !== '"') {
        if (src[i] === '\\' && i + 1 < src.length) i++;
        v += src[i++];
      }
      if (src[i] !== '"') throw bad(src, `unterminated string at ${at}`);
      i++;
      out.push({ t: 'str', v, at });
    } else if (src.startsWith('!=', i)) {
      out.push({ t: 'op', v: '!=', at: i });
      i += 2;
    } else if ('=:(),.-'.includes(c)) {
      out.push({ t: 'op', v: c, at: i++ });
    } else if (/[A-Za-z0-9_]/.test(c)) {
      const at = i;
      while (i < src.length && /[A-Za-z0-9_]/.test(src[i] as string)) i++;
      out.push({ t: 'word', v: src.slice(at, i), at });
    } else throw bad(src, `unexpected character '${c}' at ${i}`);
  }
  return out;
}

const bad = (src: string, why: string): Error => invalidArgument(`Invalid filter expression "${src}": ${why}.`);

class Parser {
  private i = 0;
  constructor(private readonly src: string, private readonly toks: Tok[]) {}

  private peek(): Tok | undefined {
    return this.toks[this.i];
  }
  private isOp(v: string): boolean {
    const t = this.peek();
    return t?.t === 'op' && t.v === v;
  }
  private isWord(v: string): boolean {
    const t = this.peek();
    return t?.t === 'word' && t.v === v;
  }
  private expect(v: string): void {
    if (!this.isOp(v) && !this.isWord(v)) throw bad(this.src, `expected '${v}' ${this.where()}`);
    this.i++;
  }
  private where(): string {
    const t = this.peek();
    return t ? `at ${t.at}` : 'at end of filter';
  }

  parse(): Pred {
    const p = this.expr();
    if (this.peek()) throw bad(this.src, `unexpected '${this.peek()!.v}' ${this.where()}`);
    return p;
  }

  private expr(): Pred {
    const first = this.unary();
    const op = this.isWord('AND') ? 'AND' : this.isWord('OR') ? 'OR' : undefined;
    if (!op) return first;
    const parts = [first];
    while (this.isWord('AND') || this.isWord('OR')) {
      if (!this.isWord(op)) throw bad(this.src, `AND and OR must be separated by parentheses ${this.where()}`);
      this.i++;
      parts.push(this.unary());
    }
    return op === 'AND' ? (a) => parts.every((p) => p(a)) : (a) => parts.some((p) => p(a));
  }

  private unary(): Pred {
    if (this.isWord('NOT') || this.isOp('-')) {
      this.i++;
      const inner = this.unary();
      return (a) => !inner(a);
    }
    if (this.isOp('(')) {
      this.i++;
      const inner = this.expr();
      this.expect(')');
      return inner;
    }
    if (this.isWord('hasPrefix')) {
      this.i++;
      this.expect('(');
      const key = this.attrKey('.');
      this.expect(',');
      const prefix = this.string();
      this.expect(')');
      return (a) => Object.prototype.hasOwnProperty.call(a, key) && (a[key] as string).startsWith(prefix);
    }
    if (this.isWord('attributes')) {
      this.i++;
      if (this.isOp(':')) {
        const key = this.attrKey(':');
        return (a) => Object.prototype.hasOwnProperty.call(a, key);
      }
      const key = this.attrKey('.');
      if (this.isOp('=') || this.isOp('!=')) {
        const op = this.toks[this.i++]!.v;
        const value = this.string();
        return op === '='
          ? (a) => a[key] === value && Object.prototype.hasOwnProperty.call(a, key)
          : (a) => !(Object.prototype.hasOwnProperty.call(a, key) && a[key] === value);
      }
      throw bad(this.src, `expected '=' or '!=' after attributes.${key} ${this.where()}`);
    }
    throw bad(this.src, `expected an attribute condition ${this.where()}`);
  }

  /** Reads `<sep>key` (after `attributes`), or `attributes.key` inside hasPrefix. */
  private attrKey(sep: '.' | ':'): string {
    if (this.isWord('attributes') && sep === '.') this.i++;
    this.expect(sep);
    const t = this.peek();
    if (!t || (t.t !== 'word' && t.t !== 'str')) throw bad(this.src, `expected an attribute name ${this.where()}`);
    this.i++;
    let key = t.v;
    // unquoted keys may contain '-' (e.g. attributes.event-type)
    while (t.t === 'word' && this.isOp('-') && this.toks[this.i + 1]?.t === 'word' && this.toks[this.i + 1]!.at === this.peek()!.at + 1) {
      key += '-' + this.toks[this.i + 1]!.v;
      this.i += 2;
    }
    return key;
  }

  private string(): string {
    const t = this.peek();
    if (t?.t !== 'str') throw bad(this.src, `expected a quoted string ${this.where()}`);
    this.i++;
    return t.v;
  }
}

/** Compiles a filter; undefined for the empty filter (every message matches). */
export function compileFilter(filter: string): Pred | undefined {
  if (!filter || !filter.trim()) return undefined;
  if (Buffer.byteLength(filter) > 256) throw invalidArgument('Invalid filter: the filter expression is longer than 256 bytes.');
  return new Parser(filter, tokenize(filter)).parse();
}
