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
