// A bar chart for a gold KPI table (taxi revenue by comfort, retail revenue by category and
// country, top products, average basket, iot readings per room…), read from its columns: the
// first non-time, non-measure column is the category (else the time column, by day or hour), the
// measure is the first of PREFERRED present (else the first numeric column). Additive measures
// (revenue, rides, orders…) are summed over the other columns; averages are averaged, and only
// over one value of each other category column (the filter's value when one is set, else the
// first), so the chart never adds up readings of different units.

import { barChart } from './bars.js';
import { flatten } from './api.js';

const PREFERRED = ['revenue', 'records', 'rides', 'avg_basket', 'avg_value', 'avg_price', 'orders', 'readings', 'events', 'units'];
const ADDITIVE = /^(revenue|rides|orders|units|records|readings|flagged_readings|events|quotes|ticks|lines)$/;
const TIME = /^(dt|day|hour|minute|event_time|timestamp|date|event_date)$/;
const NOT_MEASURE = /(^|_)(id|zone|rank|token)$|^zone$/;
/** Bars at most. */
export const MAX_BARS = 12;

/**
 * `{ svg, title }` for KPI `rows` (`filters`: filter field → value set in the form), or undefined
 * when the table is not shaped for bars (OHLC and volume tables are drawn as candles instead).
 */
export function kpiBars(rows, filters = {}) {
  const flat = rows.map((r) => flatten(r));
  const first = flat[0];
  if (!first) return undefined;
  if (['open', 'high', 'low', 'close'].every((k) => k in first) || ('volume' in first && !('revenue' in first))) return undefined;
  const cols = Object.keys(first);
  const numeric = (c) => flat.every((r) => r[c] === null || r[c] === undefined || typeof r[c] === 'number') && flat.some((r) => typeof r[c] === 'number');
  const measures = cols.filter((c) => !TIME.test(c) && !NOT_MEASURE.test(c) && numeric(c));
  const measure = PREFERRED.find((c) => measures.includes(c)) ?? measures[0];
  if (!measure) return undefined;
  const categories = cols.filter((c) => !TIME.test(c) && !measures.includes(c) && c !== 'unit');
  const category = categories[0] ?? cols.find((c) => TIME.test(c));
  if (!category) return undefined;
  const additive = ADDITIVE.test(measure);
  let kept = flat;
  const notes = [];
  for (const c of categories.slice(1)) {
    const wanted = filters[c];
    if (wanted !== undefined && wanted !== '') {
      kept = kept.filter((r) => String(r[c]) === String(wanted));
      notes.push(`${c} = ${wanted}`);
    } else if (!additive) {
      const v = kept.find((r) => r[c] !== undefined && r[c] !== null)?.[c];
      if (v === undefined) continue;
      kept = kept.filter((r) => r[c] === v);
      notes.push(`${c} = ${v}`);
    }
  }
  const groups = new Map();
  for (const r of kept) {
    const y = r[measure];
    if (typeof y !== 'number') continue;
    const key = String(r[category] ?? 'unknown');
    const g = groups.get(key) ?? { sum: 0, n: 0 };
    g.sum += y; g.n++;
    groups.set(key, g);
  }
  let data = [...groups].map(([k, g]) => [k, additive ? g.sum : g.sum / g.n]);
  if (TIME.test(category)) data = data.sort((a, b) => (a[0] < b[0] ? -1 : 1)).slice(-MAX_BARS);
  else data = data.sort((a, b) => b[1] - a[1]).slice(0, MAX_BARS);
  if (!data.length) return undefined;
  const title = `${additive ? 'Total' : 'Mean'} ${measure} by ${category}${notes.length ? ` (${notes.join(', ')})` : ''}${groups.size > data.length ? `, top ${data.length} of ${groups.size}` : ''}`;
  const format = (v) => (Number.isInteger(v) ? v.toLocaleString('en-US') : (+v.toFixed(2)).toLocaleString('en-US'));
  return { title, svg: barChart(title, data, { format }) };
}
