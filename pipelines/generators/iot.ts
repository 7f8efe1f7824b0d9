/**
 * IoT sample data in the shape of the public smart-building dataset (KETI, 51 rooms of an
 * office building): five sensors per room (temperature, humidity, co2, light, pir), each reading
 * every 5–10 s. Values follow daily cycles; occupancy (busier in office hours) drives co2, pir,
 * light and a little temperature. Rare sensor faults (spikes, stuck sensors) give the quality
 * flags work. Readings are yielded in time order across all 255 sensors.
 */
import { mulberry32, type Prng } from './prng';
import { DUPLICATE, type DefectSpec, withDefects } from './defects';
import { type SampleGenerator, type GeneratorOptions, type Sample, resolveOptions, round } from './types';

/** The 51 rooms (the dataset's folder names). */
export const ROOMS: readonly string[] = [
  '413', '415', '417', '419', '421', '422', '423', '424', '442', '446', '448', '452', '454', '456', '458', '462',
  '510', '511', '513', '552', '554', '556', '558', '562', '564', '621', '621A', '621C', '621D', '621E', '640',
  '644', '648', '656A', '656B', '664', '666', '668', '717', '719', '721', '722', '723', '724', '726', '734',
  '746', '748', '752', '754', '776',
];

/** The five sensor types (the dataset's file names, `<sensor>.csv`). */
export const SENSORS = ['temperature', 'humidity', 'co2', 'light', 'pir'] as const;
type Sensor = (typeof SENSORS)[number];

const DAY_S = 86_400;
/** Occupancy is drawn per room per slot of this many seconds. */
const OCCUPANCY_SLOT_S = 900;

/**
 * Whether `room` is occupied in the occupancy slot holding `t` (unix seconds). Stateless: a
 * hash of (seed, room, slot), with a higher chance in office hours on weekdays.
 */
export function occupied(seed: number, roomIndex: number, t: number): boolean {
  const slot = Math.floor(t / OCCUPANCY_SLOT_S);
  const hour = (t % DAY_S) / 3600;
  const weekday = new Date(t * 1000).getUTCDay() % 6 !== 0;
  const chance = weekday && hour >= 8 && hour < 19 ? 0.7 : 0.05;
  return mulberry32((seed ^ Math.imul(roomIndex + 1, 0x9e3779b1) ^ Math.imul(slot, 0x85ebca6b)) | 0).next() < chance;
}

interface SensorState {
  room: number;
  sensor: Sensor;
  next: number; // unix seconds (fractional) of the next reading
  co2: number;
  last: number; // time of the previous reading
  /** Readings left in a stuck episode (the sensor repeats `stuckValue`). */
  stuckLeft: number;
  stuckValue: number;
}

/**
 * Sensor faults in otherwise clean data, so the enrichment's quality flags have work: a reading
 * jumps by `SPIKE[sensor]` with this chance, and a sensor gets stuck (repeats its value for
 * `STUCK_READINGS` readings) with this chance per reading. These are valid events, flagged
 * `spike` / `stuck` by the iot enrichment, not quarantined.
 */
const SPIKE_CHANCE = 0.001;
const STUCK_CHANCE = 0.0004;
const STUCK_READINGS = 30;
const SPIKE: Partial<Record<Sensor, number>> = { temperature: 8, humidity: 25, co2: 1200 };

/** The value to report for `s`: usually `value`, sometimes a spike or a stuck repeat. */
function withFaults(rng: Prng, s: SensorState, value: number): number {
  if (s.stuckLeft > 0) {
    s.stuckLeft--;
    return s.stuckValue;
  }
  const jump = SPIKE[s.sensor];
  const fault = rng.next();
  if (jump !== undefined && fault < SPIKE_CHANCE) return round(value + jump, 2);
  if (jump !== undefined && fault < SPIKE_CHANCE + STUCK_CHANCE) {
    s.stuckLeft = STUCK_READINGS - 1;
    s.stuckValue = value;
  }
  return value;
}

/** A binary min-heap of sensors ordered by their next reading time (ties: insertion order). */
class SensorHeap {
  private readonly items: SensorState[] = [];
  private readonly order = new Map<SensorState, number>();
  constructor(states: SensorState[]) {
    states.forEach((s, i) => this.order.set(s, i));
    for (const s of states) this.push(s);
  }
  private less(a: SensorState, b: SensorState): boolean {
    return a.next < b.next || (a.next === b.next && this.order.get(a)! < this.order.get(b)!);
  }
  push(s: SensorState): void {
    const h = this.items;
    h.push(s);
    for (let i = h.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i], h[p])) break;
      [h[i], h[p]] = [h[p], h[i]];
      i = p;
    }
  }
  pop(): SensorState {
    const h = this.items;
    const top = h[0];
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1, r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l], h[m])) m = l;
        if (r < h.length && this.less(h[r], h[m])) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
    return top;
  }
}

/** The co2 level (ppm) an occupied room settles at. */
const co2Target = (room: number): number => 750 + 25 * (room % 8);

/** One reading of `s` at time `t` (unix seconds), updating its state. */
function read(rng: Prng, seed: number, s: SensorState, t: number): number {
  const occ = occupied(seed, s.room, t);
  const dayPhase = Math.sin(((t % DAY_S) / DAY_S - 0.375) * 2 * Math.PI); // peaks ~15:00 UTC
  const dt = Math.max(0, t - s.last);
  s.last = t;
  switch (s.sensor) {
    case 'temperature':
      return round(21.5 + 1.8 * dayPhase + (occ ? 0.6 : 0) + (s.room % 5) * 0.2 + 0.08 * rng.normal(), 2);
    case 'humidity':
      return round(48 - 6 * dayPhase + (occ ? 2 : 0) + 0.4 * rng.normal(), 2);
    case 'co2': {
      const target = occ ? co2Target(s.room) : 420;
      s.co2 += (target - s.co2) * (1 - Math.exp(-dt / 1200)) + 2 * rng.normal();
      return round(s.co2, 1);
    }
    case 'light': {
      const daylight = Math.max(0, Math.sin((((t % DAY_S) / DAY_S) - 0.25) * 2 * Math.PI)) * 180;
      return Math.max(0, Math.round(daylight + (occ ? 320 : 0) + 6 * rng.normal()));
    }
    case 'pir':
      return rng.next() < (occ ? 0.55 : 0.01) ? 1 : 0;
  }
}

/**
 * The readings as `{ room, sensor_type, timestamp, value }`, in time order. Timestamps are unix
 * seconds, as in the dataset's CSVs (integers: readings of one sensor are 5–10 s apart).
 */
function* generate(options: GeneratorOptions): Generator<Sample> {
  const { start } = resolveOptions(options, 0);
  const rng = mulberry32(options.seed);
  const t0 = Math.floor(start / 1000);
  const states: SensorState[] = [];
  ROOMS.forEach((_, room) => {
    // co2 starts at its level for the room's occupancy at t0, so there is no warm-up ramp.
    const co2 = (occupied(options.seed, room, t0) ? co2Target(room) : 420) + rng.int(0, 20);
    for (const sensor of SENSORS) states.push({ room, sensor, next: t0 + rng.int(0, 9), co2, last: t0, stuckLeft: 0, stuckValue: 0 });
  });
  const heap = new SensorHeap(states);
  for (let i = 0; i < options.count; i++) {
    const s = heap.pop();
    const t = s.next;
    const value = withFaults(rng, s, read(rng, options.seed, s, t));
    s.next = t + rng.int(5, 10);
    heap.push(s);
    yield { event: { room: ROOMS[s.room], sensor_type: s.sensor, timestamp: t, value } };
  }
}

/** Defects iot can inject (`--defect-rate`), each with the rule that quarantines it. */
export const IOT_DEFECTS: readonly DefectSpec[] = [
  DUPLICATE,
  { kind: 'out_of_physical_range', description: 'a reading of -500 (below every sensor\'s physical range)', rule: 'sensor.range', spoil: (e) => ({ ...e, value: -500 }) },
  { kind: 'bad_type', description: 'the value as text', rule: 'schema.type', spoil: (e) => ({ ...e, value: String(e.value) }) },
  { kind: 'missing_field', description: 'no room', rule: 'schema.required', spoil: ({ room: _, ...rest }) => rest },
];

const defects = { defaultRate: 0, kinds: IOT_DEFECTS };

/** The iot generator. */
export const iotGenerator: SampleGenerator = {
  id: 'iot',
  description: 'smart-building readings: 51 rooms x 5 sensors every 5-10 s, daily cycles, occupancy-driven co2 and pir',
  generate: withDefects(generate, defects),
  defects,
};
