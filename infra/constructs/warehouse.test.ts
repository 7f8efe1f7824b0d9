import { ALPHA } from '../test-fixtures/pipelines';
import { synthFixture } from '../test-fixtures/synth';
import { ColumnError, dedupViewSql } from './warehouse';

describe('warehouse', () => {
  it('refuses a partition key that is not a scalar field of the enriched schema', () => {
    const bad = { ...ALPHA, partitionKeys: ['nope'] };
    expect(() => synthFixture({ pipelines: [bad] })).toThrow(ColumnError);
    const nested = { ...ALPHA, partitionKeys: ['value'] };
    expect(() => synthFixture({ pipelines: [nested] })).toThrow(/"value" is of type FLOAT64/);
  });

  it('refuses an enriched schema without event_id, which the silver view deduplicates on', () => {
    const schema = { ...ALPHA.enrichedSchema, properties: { event_time: { type: 'string', format: 'date-time' }, region: { type: 'string' } } };
    expect(() => synthFixture({ pipelines: [{ ...ALPHA, enrichedSchema: schema, kpis: [], models: [] }] })).toThrow(/needs a top-level event_id/);
  });

  it('keeps the latest copy of each event_id in the silver view', () => {
    expect(dedupViewSql('taxi')).toBe(
      'SELECT * EXCEPT (_copy)\nFROM (\n  SELECT *, ROW_NUMBER() OVER (PARTITION BY event_id ORDER BY dt DESC) AS _copy\n  FROM silver.taxi_lake\n)\nWHERE _copy = 1',
    );
  });
});
