/**
 * ARIMA_PLUS, written here (the `arima` package's automatic search forecast a rising AR(1)+trend
 * series falling; see the issue). The model is ARIMA(p, d, 0) with drift:
 * - d ∈ {0, 1, 2}: the differencing order with the smallest standard deviation (stopping when it
 *   grows), the classic identification rule;
 * - p ∈ 0..max_p: AR(p) with an intercept fitted by least squares on the differenced series,
 *   chosen by AIC (on the same number of observations for every p);
 * - forecasts iterate the AR recursion and integrate back; their standard errors come from the
 *   ψ-weights of the integrated model and the residual variance, so intervals widen with horizon.
 */
import { fitLinear } from './linreg';

/** A fitted series model. */
export interface ArimaFit {
  readonly p: number;
  readonly d: number;
  readonly ar: number[];
  readonly drift: number;
  readonly variance: number;
  readonly aic: number;
  readonly logLikelihood: number;
  /** The last values of the series (enough to integrate and run the recursion). */
  readonly history: number[];
}

/** One forecast step. */
export interface ForecastPoint {
  readonly value: number;
  readonly standardError: number;
}

const diff = (x: number[]): number[] => x.slice(1).map((v, i) => v - x[i]);

const std = (x: number[]): number => {
  const m = x.reduce((a, b) => a + b, 0) / x.length;
  return Math.sqrt(x.reduce((a, b) => a + (b - m) ** 2, 0) / Math.max(1, x.length - 1));
};

/** Picks d by the minimum-standard-deviation rule. */
export function chooseD(y: number[], maxD = 2): number {
  let d = 0;
  let series = y;
  let best = std(y);
  while (d < maxD && series.length > 8) {
    const next = diff(series);
    const s = std(next);
    if (!(s < best * 0.95)) break;
    best = s;
    series = next;
    d++;
  }
  return d;
}

function fitAr(z: number[], p: number, start: number): { ar: number[]; drift: number; variance: number; n: number } {
  const rows: number[][] = [];
  const y: number[] = [];
  for (let t = start; t < z.length; t++) {
    rows.push(Array.from({ length: p }, (_, j) => z[t - 1 - j]));
    y.push(z[t]);
  }
  const fit = p === 0 ? { intercept: y.reduce((a, b) => a + b, 0) / y.length, weights: [] } : fitLinear(rows, y);
  let sse = 0;
  rows.forEach((r, i) => {
    const pred = fit.intercept + r.reduce((a, v, j) => a + v * fit.weights[j], 0);
    sse += (y[i] - pred) ** 2;
  });
  return { ar: fit.weights, drift: fit.intercept, variance: Math.max(sse / y.length, 1e-12), n: y.length };
}

/** Fits ARIMA(p, d, 0) with drift, searching p by AIC. */
export function fitArima(y: number[], options: { maxP?: number; d?: number } = {}): ArimaFit {
  if (y.length < 3) throw new Error(`ARIMA_PLUS needs at least 3 points per series; got ${y.length}`);
  const d = options.d ?? chooseD(y);
  let z = y;
  for (let i = 0; i < d; i++) z = diff(z);
  const maxP = Math.max(0, Math.min(options.maxP ?? 5, Math.floor(z.length / 4)));
  let best: ArimaFit | undefined;
  for (let p = 0; p <= maxP; p++) {
    const f = fitAr(z, p, maxP);
    const logLikelihood = -0.5 * f.n * (Math.log(2 * Math.PI * f.variance) + 1);
    const aic = -2 * logLikelihood + 2 * (p + 2);
    if (!best || aic < best.aic) best = { p, d, ar: f.ar, drift: f.drift, variance: f.variance, aic, logLikelihood, history: y.slice(-Math.max(p + d + 1, 1) - 2) };
  }
  // Refit the chosen order on every usable observation.
  const chosen = best as ArimaFit;
  const f = fitAr(z, chosen.p, chosen.p);
  return { ...chosen, ar: f.ar, drift: f.drift, variance: f.variance, history: y.slice(-(chosen.p + chosen.d + 2)) };
}

/** Forecasts `horizon` steps ahead. */
export function forecast(fit: ArimaFit, horizon: number): ForecastPoint[] {
  // Differenced history, then the AR recursion on it.
  const levels: number[][] = [fit.history];
  for (let i = 0; i < fit.d; i++) levels.push(diff(levels[i]));
  const z = [...levels[fit.d]];
  const zf: number[] = [];
  for (let h = 0; h < horizon; h++) {
    let v = fit.drift;
    for (let j = 0; j < fit.p; j++) v += fit.ar[j] * (zf.length - 1 - j >= 0 ? zf[zf.length - 1 - j] : z[z.length - 1 - (j - zf.length)]);
    zf.push(v);
  }
  // Integrate back d times.
  let series = zf;
  for (let level = fit.d - 1; level >= 0; level--) {
    let last = levels[level][levels[level].length - 1];
    series = series.map((v) => (last += v));
  }
  // ψ-weights of φ(B)(1−B)^d: the AR polynomial times the differencing polynomial.
  let poly = [1, ...fit.ar.map((a) => -a)];
  for (let i = 0; i < fit.d; i++) poly = poly.map((c, j) => c - (j > 0 ? poly[j - 1] : 0)).concat([-poly[poly.length - 1]]);
  const psi = [1];
  for (let j = 1; j < horizon; j++) {
    let s = 0;
    for (let k = 1; k < poly.length && k <= j; k++) s -= poly[k] * psi[j - k];
    psi.push(s);
  }
  let cum = 0;
  return series.map((value, h) => {
    cum += psi[h] ** 2;
    return { value, standardError: Math.sqrt(fit.variance * cum) };
  });
}

/** The standard normal quantile (Acklam's rational approximation). */
export function normalQuantile(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const dd = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((dd[0] * q + dd[1]) * q + dd[2]) * q + dd[3]) * q + 1);
  }
  if (p > 1 - lo) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}
