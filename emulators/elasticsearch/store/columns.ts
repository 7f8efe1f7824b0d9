/**
 * Column storage, one column per leaf field, indexed by internal doc number. Aggregations and
 * sorts read typed arrays (numbers, dates and booleans in a Float64Array with NaN for missing;
 * keywords as ordinals into a term dictionary); term-level queries read the keyword postings;
 * full-text queries read text postings with term frequencies and field lengths for BM25.
 * Multi-valued fields keep their first (smallest) value in the array and the full list aside.
 */

function grownF64(a: Float64Array<ArrayBuffer>, n: number): Float64Array<ArrayBuffer> {
  if (n < a.length) return a;
  const b = new Float64Array(Math.max(n + 1, a.length * 2)).fill(NaN);
  b.set(a);
  return b;
}

function grownI32(a: Int32Array<ArrayBuffer>, n: number, fill: number): Int32Array<ArrayBuffer> {
  if (n < a.length) return a;
  const b = new Int32Array(Math.max(n + 1, a.length * 2)).fill(fill);
  b.set(a);
  return b;
}

/** Numbers, dates (epoch ms) and booleans (0/1). */
export class NumericColumn {
  readonly kind = 'numeric';
  /** Smallest value per doc; NaN when missing. */
  values = new Float64Array(1024).fill(NaN);
  /** All values of multi-valued docs. */
  multi: Map<number, number[]> | null = null;

  /** Stores a doc's values. */
  set(doc: number, vals: readonly number[]): void {
    this.values = grownF64(this.values, doc);
    if (vals.length === 1) {
      this.values[doc] = vals[0];
      return;
    }
    const sorted = [...vals].sort((a, b) => a - b);
    this.values[doc] = sorted[0];
    (this.multi ??= new Map()).set(doc, sorted);
  }

  /** Whether a doc has a value. */
  has(doc: number): boolean {
    return doc < this.values.length && !Number.isNaN(this.values[doc]);
  }

  /** All values of a doc (empty when missing). */
  all(doc: number): readonly number[] {
    if (!this.has(doc)) return [];
    return this.multi?.get(doc) ?? [this.values[doc]];
  }
}

/** Exact strings with a term dictionary and postings. */
export class KeywordColumn {
  readonly kind = 'keyword';
  readonly dict = new Map<string, number>();
  readonly terms: string[] = [];
  /** Postings (doc numbers, ascending) per ordinal. */
  readonly postings: number[][] = [];
  /** First ordinal per doc; -1 when missing. */
  ords = new Int32Array(1024).fill(-1);
  multi: Map<number, number[]> | null = null;

  /** The ordinal of a term, adding it when new. */
  ordinal(term: string): number {
    let o = this.dict.get(term);
    if (o === undefined) {
      o = this.terms.length;
      this.dict.set(term, o);
      this.terms.push(term);
      this.postings.push([]);
    }
    return o;
  }

  /** Stores a doc's values. */
  set(doc: number, vals: readonly string[]): void {
    this.ords = grownI32(this.ords, doc, -1);
    if (vals.length === 1) {
      const o = this.ordinal(vals[0]);
      this.ords[doc] = o;
      this.postings[o].push(doc);
      return;
    }
    const unique = [...new Set(vals)].sort();
    const ords = unique.map((v) => this.ordinal(v));
    this.ords[doc] = ords[0];
    for (const o of ords) this.postings[o].push(doc);
    if (ords.length > 1) (this.multi ??= new Map()).set(doc, ords);
  }

  has(doc: number): boolean {
    return doc < this.ords.length && this.ords[doc] >= 0;
  }

  /** All ordinals of a doc. */
  allOrds(doc: number): readonly number[] {
    if (!this.has(doc)) return [];
    return this.multi?.get(doc) ?? [this.ords[doc]];
  }

  /** All values of a doc. */
  all(doc: number): readonly string[] {
    return this.allOrds(doc).map((o) => this.terms[o]);
  }
}

/** One term's postings in a text field. */
export interface TextPosting {
  readonly docs: number[];
  readonly tfs: number[];
}

/** Analyzed text: postings with term frequencies, and field lengths for BM25. */
export class TextColumn {
  readonly kind = 'text';
  readonly postings = new Map<string, TextPosting>();
  /** Token count per doc; 0 when missing. */
  lengths = new Float64Array(1024).fill(0);
  /** Docs that ever had a value (deleted ones included, as Lucene's stats do until merge). */
  docCount = 0;
  sumLength = 0;

  /** Stores a doc's tokens. */
  set(doc: number, tokens: readonly string[]): void {
    if (doc >= this.lengths.length) {
      const b = new Float64Array(Math.max(doc + 1, this.lengths.length * 2));
      b.set(this.lengths);
      this.lengths = b;
    }
    this.lengths[doc] = tokens.length;
    this.docCount++;
    this.sumLength += tokens.length;
    if (tokens.length === 1) {
      this.add(tokens[0], doc, 1);
      return;
    }
    const tf = new Map<string, number>();
    for (const t of tokens) tf.set(t, (tf.get(t) ?? 0) + 1);
    for (const [t, n] of tf) this.add(t, doc, n);
  }

  private add(term: string, doc: number, tf: number): void {
    let p = this.postings.get(term);
    if (!p) this.postings.set(term, (p = { docs: [], tfs: [] }));
    p.docs.push(doc);
    p.tfs.push(tf);
  }

  has(doc: number): boolean {
    return doc < this.lengths.length && this.lengths[doc] > 0;
  }
}

/** geo_point values. */
export class GeoColumn {
  readonly kind = 'geo';
  lat = new Float64Array(1024).fill(NaN);
  lon = new Float64Array(1024).fill(NaN);
  multi: Map<number, Array<readonly [number, number]>> | null = null;

  set(doc: number, points: ReadonlyArray<readonly [number, number]>): void {
    this.lat = grownF64(this.lat, doc);
    this.lon = grownF64(this.lon, doc);
    this.lat[doc] = points[0][0];
    this.lon[doc] = points[0][1];
    if (points.length > 1) (this.multi ??= new Map()).set(doc, [...points]);
  }

  has(doc: number): boolean {
    return doc < this.lat.length && !Number.isNaN(this.lat[doc]);
  }

  all(doc: number): ReadonlyArray<readonly [number, number]> {
    if (!this.has(doc)) return [];
    return this.multi?.get(doc) ?? [[this.lat[doc], this.lon[doc]]];
  }
}

/** Any column. */
export type Column = NumericColumn | KeywordColumn | TextColumn | GeoColumn;
