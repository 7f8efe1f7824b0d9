/**
 * iot: one smart-building sensor reading, as in the public smart-building dataset's
 * `<room>/<sensor>.csv` files (`timestamp,value`, unix seconds) plus the room and sensor the
 * file path gives (raw); the same with unit, quality flag and event date (enriched).
 */
import { DIALECT, eventIdField, eventTimeField, keyword, num } from './common';
import type { JsonSchema } from './types';

/** The five sensor types of a room. */
export const SENSOR_TYPES = ['temperature', 'humidity', 'co2', 'light', 'pir'] as const;
export type SensorType = (typeof SENSOR_TYPES)[number];

/** Quality flags of an enriched reading. */
export const QUALITY_FLAGS = ['ok', 'out_of_range', 'stuck', 'spike'] as const;
export type Quality = (typeof QUALITY_FLAGS)[number];

/** Raw reading (`iot.raw`). */
export interface IotRaw {
  room: string;
  sensor_type: SensorType;
  timestamp: number;
  value: number;
}

/** Enriched reading (silver, index). */
export interface IotEnriched {
  event_id: string;
  event_time: string;
  event_date: string;
  room: string;
  sensor_type: SensorType;
  value: number;
  unit: string;
  quality: Quality;
}

const room = keyword('room id, e.g. 413 (the folder name in the dataset)', { minLength: 1 });
const sensorType: JsonSchema = { type: 'string', enum: SENSOR_TYPES, description: 'sensor type (the file name in the dataset)' };

/** JSON Schema of the raw reading. */
export const iotRawSchema: JsonSchema = {
  $schema: DIALECT,
  $id: 'https://tributary.dev/schemas/iot.raw.json',
  title: 'iot raw reading',
  type: 'object',
  required: ['room', 'sensor_type', 'timestamp', 'value'],
  properties: {
    room,
    sensor_type: sensorType,
    timestamp: num('reading time, unix seconds (as in the dataset CSVs)', { minimum: 0 }),
    value: num('reading in the sensor unit'),
  },
};

/** JSON Schema of the enriched reading. */
export const iotEnrichedSchema: JsonSchema = {
  $schema: DIALECT,
  $id: 'https://tributary.dev/schemas/iot.enriched.json',
  title: 'iot enriched reading',
  type: 'object',
  required: ['event_id', 'event_time', 'event_date', 'room', 'sensor_type', 'value', 'unit', 'quality'],
  properties: {
    event_id: eventIdField,
    event_time: eventTimeField,
    event_date: { type: 'string', format: 'date', description: 'UTC date of event_time' },
    room,
    sensor_type: sensorType,
    value: num('reading in unit'),
    unit: keyword('unit of value: °C, %RH, ppm, lux, or motion (0/1)'),
    quality: { type: 'string', enum: QUALITY_FLAGS, description: 'ok, out_of_range (outside the plausible indoor range), stuck (same value N times in a row), spike (jump from the previous reading)' },
  },
};
