/**
 * k-means for KMEANS models: k-means++ (or random) seeding from a seeded PRNG, then Lloyd's
 * iterations until assignments stop changing. Written here rather than taken from `ml-kmeans`,
 * which is ESM-only with ESM dependencies that jest's CommonJS runtime cannot load.
 */

/** A seeded PRNG (mulberry32) returning floats in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Options for {@link kmeans}. */
export interface KMeansOptions {
  /** `KMEANS++` or `RANDOM`. @default 'KMEANS++' */
  readonly init?: string;
  /** @default 20 (BigQuery's max_iterations default) */
  readonly maxIterations?: number;
  /** @default 42 */
  readonly seed?: number;
}

/** The fitted clusters. */
export interface KMeansResult {
  readonly centroids: number[][];
  readonly assignments: Int32Array;
  readonly iterations: number;
  /** Mean squared distance of points to their centroid, per iteration. */
  readonly loss: number[];
}

function sqDist(points: Float64Array, i: number, dims: number, c: number[]): number {
  let s = 0;
  const o = i * dims;
  for (let d = 0; d < dims; d++) {
    const x = points[o + d] - c[d];
    s += x * x;
  }
  return s;
}

/** Clusters `n` points of `dims` values (row-major in `points`) into `k` clusters. */
export function kmeans(points: Float64Array, dims: number, k: number, options: KMeansOptions = {}): KMeansResult {
  const n = points.length / dims;
  if (n < k) throw new Error(`KMEANS needs at least num_clusters (${k}) rows; the training query returned ${n}`);
  const rand = prng(options.seed ?? 42);
  const row = (i: number) => Array.from(points.subarray(i * dims, (i + 1) * dims));
  const centroids: number[][] = [row(Math.floor(rand() * n))];
  if ((options.init ?? 'KMEANS++').toUpperCase() === 'RANDOM') {
    const picked = new Set<number>();
    while (centroids.length < k) {
      const i = Math.floor(rand() * n);
      if (!picked.has(i)) picked.add(i), centroids.push(row(i));
    }
  } else {
    const nearest = new Float64Array(n).fill(Infinity);
    while (centroids.length < k) {
      const last = centroids[centroids.length - 1];
      let total = 0;
      for (let i = 0; i < n; i++) {
        nearest[i] = Math.min(nearest[i], sqDist(points, i, dims, last));
        total += nearest[i];
      }
      let r = rand() * total;
      let pick = n - 1;
      for (let i = 0; i < n; i++) {
        r -= nearest[i];
        if (r <= 0) {
          pick = i;
          break;
        }
      }
      centroids.push(row(pick));
    }
  }
  const assignments = new Int32Array(n).fill(-1);
  const loss: number[] = [];
  const maxIterations = options.maxIterations ?? 20;
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    let changed = 0;
    let sse = 0;
    for (let i = 0; i < n; i++) {
      let best = 0;
      let bestD = Infinity;
      for (let c = 0; c < k; c++) {
        const d = sqDist(points, i, dims, centroids[c]);
        if (d < bestD) (bestD = d), (best = c);
      }
      if (assignments[i] !== best) (assignments[i] = best), changed++;
      sse += bestD;
    }
    loss.push(sse / n);
    const sums = Array.from({ length: k }, () => new Float64Array(dims));
    const counts = new Float64Array(k);
    for (let i = 0; i < n; i++) {
      const c = assignments[i];
      counts[c]++;
      for (let d = 0; d < dims; d++) sums[c][d] += points[i * dims + d];
    }
    for (let c = 0; c < k; c++) if (counts[c] > 0) centroids[c] = Array.from(sums[c], (s) => s / counts[c]);
    if (changed === 0) break;
  }
  return { centroids, assignments, iterations: iterations + 1, loss };
}
