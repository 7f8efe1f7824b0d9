import { PIPELINES } from '../../pipelines/index';
import type { AnyPipeline } from '../runtime';
import { filterKinds } from './params';
import { route } from './routes';
import type { Warehouse } from './warehouse';

const ATTACKS = ["x' OR '1'='1", "x'; DROP TABLE silver.t; --", 'x" OR 1=1 --', '1 OR 1=1', "') UNION SELECT * FROM gold.t --", '`silver`.`t`', '@from_ts OR TRUE'];

/** Records every query instead of running it. */
function recording(): Warehouse & { calls: { sql: string; params: Readonly<Record<string, unknown>> }[] } {
  const calls: { sql: string; params: Readonly<Record<string, unknown>> }[] = [];
  return { calls, query: async (sql, params) => (calls.push({ sql, params }), []) };
}

describe('api routes: every filter of every pipeline', () => {
  const pipelines = PIPELINES as readonly AnyPipeline[];
  const cases = pipelines.flatMap((p) => [...filterKinds(p)].map(([field, kind]) => [p.id, field, kind] as const));

  it.each(cases)('%s %s (%s): an attack is refused as a bad value or bound as a parameter, never spliced into SQL', async (id, field, kind) => {
    const warehouse = recording();
    for (const attack of ATTACKS) {
      const url = new URL(`http://x/api/${id}/events?${new URLSearchParams({ [field]: attack })}`);
      const res = await route({ pipelines, warehouse }, 'GET', url).catch((err: { status: number; message: string }) => ({ status: err.status, body: err.message }));
      if (kind === 'string') expect(res.status).toBe(200);
      else expect(res).toMatchObject({ status: 400, body: expect.stringContaining(`is not a`) });
    }
    for (const { sql, params } of warehouse.calls) {
      for (const attack of ATTACKS) expect(sql).not.toContain(attack);
      expect(sql).toContain(`= @f_${field}`);
      expect(ATTACKS).toContain(params[`f_${field}`]);
    }
    expect(warehouse.calls).toHaveLength(kind === 'string' ? ATTACKS.length : 0);
  });

  it('names the allowed parameters of each pipeline when a filter is unknown', async () => {
    for (const p of pipelines) {
      const err = await route({ pipelines, warehouse: recording() }, 'GET', new URL(`http://x/api/${p.id}/events?nope=1`)).catch((e: Error) => e);
      expect((err as Error).message).toBe(`unknown parameter "nope"; allowed: from, to, limit, pageToken, ${p.filterFields.join(', ')}`);
    }
  });

  it('refuses writes', async () => {
    await expect(route({ pipelines, warehouse: recording() }, 'POST', new URL('http://x/api/pipelines'))).rejects.toMatchObject({ status: 405 });
  });
});
