import { processRaw } from '../core/process';
import { getPipeline } from '..';
import { GENERATORS } from '.';
import { DEFAULT_START } from './types';

/** A pipeline clock 30 days after the generated data starts: nothing clean is in the future. */
const NOW = new Date(DEFAULT_START.getTime() + 30 * 86_400_000);

describe.each(GENERATORS.map((g) => [g.id, g] as const))('%s: generated data through processRaw', (id, generator) => {
  const samples = [...generator.generate({ count: 3000, seed: 7, defectRate: 0.1 })];
  const ctx = { now: NOW, state: new Map<string, unknown>() };
  const results = samples.map((s) => ({ sample: s, result: processRaw(getPipeline(id), Buffer.from(JSON.stringify(s.event)), ctx) }));

  it('every clean event passes validation and enrichment', () => {
    const failed = results.filter((r) => !r.sample.defect && r.result.kind !== 'ok');
    expect(failed.map((r) => ({ event: r.sample.event, result: r.result }))).toEqual([]);
  });

  it('every injected defect is quarantined with the rule it is tagged with', () => {
    const tagged = results.filter((r) => r.sample.defect?.rule !== undefined);
    expect(tagged.length).toBeGreaterThan(0);
    for (const { sample, result } of tagged) {
      expect({ kind: sample.defect!.kind, rule: result.kind === 'quarantine' ? result.record.rule : 'accepted' }).toEqual({ kind: sample.defect!.kind, rule: sample.defect!.rule });
    }
  });

  it('duplicates pass and carry the event_id of an earlier accepted event (the silver view drops them)', () => {
    const seen = new Set<string>();
    let duplicates = 0;
    for (const { sample, result } of results) {
      if (result.kind !== 'ok') continue;
      if (sample.defect?.kind === 'duplicate') {
        duplicates++;
        expect(seen.has(result.event_id)).toBe(true);
      }
      seen.add(result.event_id);
    }
    expect(duplicates).toBeGreaterThan(0);
  });

  it('injects every defect kind it declares', () => {
    expect(new Set(samples.filter((s) => s.defect).map((s) => s.defect!.kind))).toEqual(new Set(generator.defects.kinds.map((k) => k.kind)));
  });
});

it('iot: rare sensor faults in clean data are flagged spike and stuck by the enrichment, not quarantined', () => {
  const ctx = { now: NOW, state: new Map<string, unknown>() };
  const flags = new Map<string, number>();
  for (const { event } of GENERATORS.find((g) => g.id === 'iot')!.generate({ count: 255 * 150, seed: 2 })) {
    const r = processRaw(getPipeline('iot'), Buffer.from(JSON.stringify(event)), ctx);
    const flag = r.kind === 'ok' ? String((r.enriched as { quality: string }).quality) : `quarantined ${r.record.rule}`;
    flags.set(flag, (flags.get(flag) ?? 0) + 1);
  }
  expect([...flags.keys()].sort()).toEqual(['ok', 'spike', 'stuck']);
  expect(flags.get('ok')! / (255 * 150)).toBeGreaterThan(0.98);
});
