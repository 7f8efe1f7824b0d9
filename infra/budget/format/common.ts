/** Number formatting and grouping shared by the table, markdown and HTML outputs. */
import type { BudgetReport, ResourceCost } from '../types';

const CENTS = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const DIGITS = [0, 2, 4].map((d) => new Intl.NumberFormat('en-US', { maximumFractionDigits: d }));

/** `$1,234.56` (and `-$3.10`). */
export function usd(n: number): string {
  const s = CENTS.format(Math.abs(n));
  return n < 0 && Math.abs(n) >= 0.005 ? `-$${s}` : `$${s}`;
}

/** A signed change: `+$1.20`, `-$0.40`. */
export const signedUsd = (n: number): string => (n >= 0 ? `+${usd(n)}` : usd(n));

/** A quantity with up to 4 significant decimals, grouped. */
export function quantity(n: number): string {
  if (n === 0) return '0';
  return DIGITS[n >= 100 ? 0 : n >= 1 ? 1 : 2].format(n);
}

/** Priced resources grouped by pipeline (`shared` last), most expensive first within each. */
export function pricedByPipeline(report: BudgetReport): [string, ResourceCost[]][] {
  const groups = new Map<string, ResourceCost[]>();
  for (const r of report.resources.filter((x) => x.status === 'priced')) {
    const k = r.pipeline ?? 'shared';
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a === 'shared' ? 1 : b === 'shared' ? -1 : a.localeCompare(b)))
    .map(([k, rs]) => [k, rs.sort((x, y) => y.monthlyCost - x.monthlyCost || x.address.localeCompare(y.address))]);
}

/** Free or not-priced resources counted by type with their reason. */
export function unpricedSummary(report: BudgetReport, status: 'free' | 'not-priced'): { type: string; count: number; reason: string }[] {
  const m = new Map<string, { type: string; count: number; reason: string }>();
  for (const r of report.resources.filter((x) => x.status === status)) {
    const k = `${r.type}\u0000${r.reason ?? ''}`;
    const e = m.get(k) ?? { type: r.type, count: 0, reason: r.reason ?? '' };
    e.count++;
    m.set(k, e);
  }
  return [...m.values()].sort((a, b) => a.type.localeCompare(b.type));
}

/** Entries of a cost map, largest first. */
export const largestFirst = (m: Readonly<Record<string, number>>): [string, number][] => Object.entries(m).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
