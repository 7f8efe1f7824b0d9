/**
 * iot: smart-building readings, 51 rooms × 5 sensors (ARCHITECTURE §6). Enrichment: the unit of
 * the sensor type, a quality flag (`out_of_range` outside the plausible indoor range, `spike` a
 * jump from the previous reading, `stuck` the same value `stuckAfter` times in a row) and the
 * event date. Values outside the sensor's physical range are quarantined (`sensor.range`).
 */
import { iotEnrichedSchema, iotRawSchema, type IotEnriched, type IotRaw, type Quality, type SensorType } from '../schemas/iot.schema';
import { notInFuture } from './core/rules';
import { unixSecondsToIso } from './core/time';
import type { EnrichContext, PipelineDefinition, Rule } from './types';

/** Per sensor type: unit, ranges and the quality thresholds. */
export interface SensorSpec {
  readonly unit: string;
  /** What the sensor can physically report; outside it the reading is quarantined. */
  readonly physical: readonly [number, number];
  /** What a building plausibly shows; outside it the reading is flagged `out_of_range`. */
  readonly plausible: readonly [number, number];
  /** A change from the previous reading larger than this is a `spike`; undefined: never. */
  readonly spike?: number;
  /** This many equal readings in a row are `stuck`; undefined: never (pir and light rest at 0). */
  readonly stuckAfter?: number;
}

/** The sensor table. */
export const SENSORS: Readonly<Record<SensorType, SensorSpec>> = {
  temperature: { unit: '°C', physical: [-40, 85], plausible: [5, 40], spike: 5, stuckAfter: 20 },
  humidity: { unit: '%RH', physical: [0, 100], plausible: [10, 90], spike: 20, stuckAfter: 20 },
  co2: { unit: 'ppm', physical: [0, 10_000], plausible: [350, 5_000], spike: 800, stuckAfter: 20 },
  light: { unit: 'lux', physical: [0, 100_000], plausible: [0, 5_000] },
  pir: { unit: 'motion events', physical: [0, 10_000], plausible: [0, 1_000] },
};

/** Last reading per sensor, kept in `ctx.state` under this key prefix. */
interface SensorMemory {
  value: number;
  run: number;
}

const STATE_PREFIX = 'iot:';
/** Above this many tracked sensors the memory starts over (state is best-effort). */
const MAX_TRACKED = 100_000;

/** The quality flag of a reading, updating the sensor's memory in `ctx.state`. */
export function readingQuality(e: IotRaw, ctx: EnrichContext): Quality {
  const spec = SENSORS[e.sensor_type];
  const key = `${STATE_PREFIX}${e.room}/${e.sensor_type}`;
  let mem = ctx.state.get(key) as SensorMemory | undefined;
  const prev = mem?.value;
  if (!mem) {
    if (ctx.state.size >= MAX_TRACKED) ctx.state.clear();
    mem = { value: e.value, run: 1 };
    ctx.state.set(key, mem);
  } else {
    mem.run = mem.value === e.value ? mem.run + 1 : 1;
    mem.value = e.value;
  }
  if (e.value < spec.plausible[0] || e.value > spec.plausible[1]) return 'out_of_range';
  if (spec.spike !== undefined && prev !== undefined && Math.abs(e.value - prev) > spec.spike) return 'spike';
  if (spec.stuckAfter !== undefined && mem.run >= spec.stuckAfter) return 'stuck';
  return 'ok';
}

/** `sensor.range`: the value is within the sensor type's physical range. */
const physicalRange: Rule<IotRaw> = {
  name: 'sensor.range',
  description: "Readings are within the sensor type's physical range (SENSORS in pipelines/iot.ts).",
  check: (e) => {
    const [lo, hi] = SENSORS[e.sensor_type].physical;
    return e.value < lo || e.value > hi ? { rule: 'sensor.range', detail: `${e.sensor_type} value ${e.value} is outside the physical range [${lo}, ${hi}]` } : undefined;
  },
};

const eventId = (e: IotRaw): string => `${e.room}/${e.sensor_type}/${e.timestamp}`;

/** The iot pipeline. */
export const iot: PipelineDefinition<IotRaw, IotEnriched> = {
  id: 'iot',
  title: 'Smart building sensors',
  description: 'Room sensor readings (temperature, humidity, CO2, light, PIR); unit and quality flags; hourly and daily room KPIs; per-room forecasts.',
  schema: iotRawSchema,
  enrichedSchema: iotEnrichedSchema,
  eventId,
  rules: [physicalRange, notInFuture({ field: 'timestamp', millis: (e) => e.timestamp * 1000 })],
  enrich: (e, ctx) => {
    const time = unixSecondsToIso(e.timestamp);
    return {
      event_id: eventId(e),
      event_time: time,
      event_date: time.slice(0, 10),
      room: e.room,
      sensor_type: e.sensor_type,
      value: e.value,
      unit: SENSORS[e.sensor_type].unit,
      quality: readingQuality(e, ctx),
    };
  },
  timeField: 'event_time',
  partitionKeys: ['room', 'sensor_type'],
  filterFields: ['room', 'sensor_type', 'quality'],
  index: { shards: 1, replicas: 1, refreshInterval: '10s' },
  batching: {
    index: { count: 1000, bytes: 2_000_000, ageMs: 10_000 },
    lake: { count: 50_000, bytes: 32_000_000, ageMs: 45_000 },
  },
  kpis: [
    { name: 'room_hourly', description: 'Per room, sensor and hour: mean, min, max and flagged readings.', schedule: 'every 1 hours', scanDays: 2 },
    { name: 'room_daily', description: 'Per room, sensor and day: mean, min, max, readings by flag and PIR occupancy.', schedule: 'every 24 hours', scanDays: 7 },
  ],
  models: [
    {
      name: 'temperature_forecast',
      type: 'ARIMA_PLUS',
      description: 'Hourly mean temperature forecast, one series per room.',
      timeSeries: { timestampCol: 'hour', dataCol: 'temperature', idCol: 'room', horizon: 24 },
      options: {},
      schedule: 'every 24 hours',
      trainDays: 14,
    },
    {
      name: 'co2_forecast',
      type: 'ARIMA_PLUS',
      description: 'Hourly mean CO2 forecast, one series per room.',
      timeSeries: { timestampCol: 'hour', dataCol: 'co2', idCol: 'room', horizon: 24 },
      options: {},
      schedule: 'every 24 hours',
      trainDays: 14,
    },
  ],
  sources: [{ kind: 'generator' }, { kind: 'replay', formats: ['iot-folder', 'csv', 'ndjson'], timestampField: 'timestamp' }],
  workload: { eventsPerSecond: 34, avgEventBytes: 80, retentionDays: 365 },
};
