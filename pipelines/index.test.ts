import { toBigQuerySchema, type BqField } from '../schemas/derive';
import { getPipeline, loadPipelines, UnknownPipelineError } from './index';

describe('the pipeline registry', () => {
  it('loads the five pipelines of ARCHITECTURE §6 in order', () => {
    expect(loadPipelines().map((p) => p.id)).toEqual(['taxi', 'stocks', 'iot', 'crypto', 'retail']);
  });

  it('finds a pipeline by id', () => {
    expect(getPipeline('iot').partitionKeys).toEqual(['room', 'sensor_type']);
  });

  it('names the known ids when asked for an unknown one', () => {
    expect(() => getPipeline('weather')).toThrow(new UnknownPipelineError('weather'));
    expect(() => getPipeline('weather')).toThrow('unknown pipeline "weather"; known pipelines: taxi, stocks, iot, crypto, retail');
  });

  it('gives every enriched schema a top-level event_id and the time field as a date-time', () => {
    for (const p of loadPipelines()) {
      const props = p.enrichedSchema.properties as Record<string, { type?: string; format?: string }>;
      expect([p.id, props.event_id?.type, props[p.timeField]?.format]).toEqual([p.id, 'string', 'date-time']);
      expect(p.enrichedSchema.required).toEqual(expect.arrayContaining(['event_id', p.timeField]));
    }
  });

  it('declares partition keys that are fields of the enriched schema', () => {
    for (const p of loadPipelines()) for (const k of p.partitionKeys) expect([p.id, k, k in (p.enrichedSchema.properties as object)]).toEqual([p.id, k, true]);
  });
});

describe('the silver columns the committed SQL reads (sql/README.md)', () => {
  // The contract with sql/<id>/*.sql: these columns must exist in the enriched schema, as derived
  // for BigQuery (a nested `a.b` is a RECORD a with a field b).
  const READ_BY_SQL: Record<string, string[]> = {
    taxi: ['comfort', 'price_estimate', 'distance_km', 'eta_minutes', 'client.lat', 'client.lon'],
    stocks: ['instrument_token', 'tradingsymbol', 'last_price', 'volume'],
    iot: ['room', 'sensor_type', 'value', 'unit', 'quality'],
    crypto: ['symbol', 'asset_class', 'price', 'volume'],
    retail: ['record_type', 'order_id', 'customer_id', 'product_id', 'category', 'country', 'quantity', 'line_total'],
  };

  it.each(Object.entries(READ_BY_SQL))('%s has them', (id, columns) => {
    const p = getPipeline(id);
    const fields = toBigQuerySchema(p.enrichedSchema);
    const find = (path: string) => path.split('.').reduce<readonly BqField[] | BqField | undefined>((at, name) => (Array.isArray(at) ? at.find((f) => f.name === name) : (at as BqField | undefined)?.fields?.find((f) => f.name === name)), fields);
    for (const c of [...columns, 'event_id', p.timeField]) expect([c, find(c) !== undefined]).toEqual([c, true]);
  });

  it('declares the models and features the SQL expects', () => {
    expect(getPipeline('taxi').models[0]).toMatchObject({ name: 'pickup_zones', type: 'KMEANS', features: ['client.lat', 'client.lon'], options: { num_clusters: 8 } });
    expect(getPipeline('retail').models[0]).toMatchObject({ name: 'customer_segments', type: 'KMEANS', features: ['recency_days', 'orders', 'revenue', 'avg_basket'] });
    expect(getPipeline('stocks').models.find((m) => m.name === 'price_forecast_by_instrument')?.timeSeries?.idCol).toBe('instrument_token');
    expect(getPipeline('iot').models.map((m) => m.timeSeries?.idCol)).toEqual(['room', 'room']);
    expect(getPipeline('crypto').models[0].timeSeries?.idCol).toBe('symbol');
  });
});
