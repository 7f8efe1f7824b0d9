/**
 * Runs every golden case (BigQuery documentation examples, ./cases.ts) through the official client
 * against the emulator and compares the rows with the documented result.
 */
import { BigQueryDate, BigQueryDatetime, BigQueryTimestamp } from '@google-cloud/bigquery';
import { startTestBigQuery, type TestBigQuery } from '../test-helpers';
import { GOLDEN_CASES, UNSUPPORTED_CASES } from './cases';

let t: TestBigQuery;
beforeAll(async () => {
  t = await startTestBigQuery();
}, 60_000);
afterAll(() => t.emulator.close());

/** A client value in the form BigQuery's documentation displays it. */
export function displayed(v: unknown): unknown {
  if (v instanceof BigQueryTimestamp) {
    // "2008-12-25T15:30:00.000Z" → "2008-12-25 15:30:00 UTC" (fraction kept only when non-zero).
    const [date, time] = v.value.replace(/Z$/, '').split('T');
    return `${date} ${time.replace(/\.0*$/, '')} UTC`;
  }
  if (v instanceof BigQueryDate || v instanceof BigQueryDatetime) return String(v.value);
  if (Array.isArray(v)) return v.map(displayed);
  if (v && typeof v === 'object' && v.constructor === Object) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, displayed(x)]));
  return v;
}

/** Expected rows with non-integer numbers compared to about nine significant digits (FLOAT64 output). */
function tolerant(v: unknown): unknown {
  if (typeof v === 'number' && Number.isFinite(v) && !Number.isInteger(v)) return expect.closeTo(v, Math.max(0, 9 - Math.ceil(Math.log10(Math.abs(v)))));
  if (Array.isArray(v)) return v.map(tolerant);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, tolerant(x)]));
  return v;
}

describe('golden: BigQuery documentation examples', () => {
  it.each(GOLDEN_CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const [rows] = await t.bq.query(c.sql);
    expect(rows.map(displayed)).toEqual(tolerant(c.rows));
  });
});

describe('golden: unsupported constructs answer an error naming them', () => {
  it.each(UNSUPPORTED_CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    await expect(t.bq.query(c.sql)).rejects.toMatchObject({ message: expect.stringMatching(c.error) });
  });
});
