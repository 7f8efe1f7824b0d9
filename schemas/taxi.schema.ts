/**
 * taxi: a ride request with the assigned taxi's and the client's positions and the comfort level
 * asked for (raw), and the same with distance, ETA and price estimate (enriched).
 */
import { DIALECT, dateTime, eventIdField, eventTimeField, keyword, num, position } from './common';
import type { JsonSchema } from './types';

/** Comfort levels, cheapest first. */
export const COMFORT_LEVELS = ['low', 'medium', 'high'] as const;
export type Comfort = (typeof COMFORT_LEVELS)[number];

/** A position in degrees. */
export interface LatLon {
  lat: number;
  lon: number;
}

/** Raw taxi event (`taxi.raw`). */
export interface TaxiRaw {
  ride_id: string;
  taxi_id: string;
  client_id: string;
  timestamp: string;
  taxi: LatLon;
  client: LatLon;
  comfort: Comfort;
}

/** Enriched taxi event (silver, index). */
export interface TaxiEnriched {
  event_id: string;
  event_time: string;
  ride_id: string;
  taxi_id: string;
  client_id: string;
  taxi: LatLon;
  client: LatLon;
  comfort: Comfort;
  distance_km: number;
  eta_minutes: number;
  price_estimate: number;
  currency: string;
}

const rawProperties = {
  ride_id: keyword('ride request id, unique per request'),
  taxi_id: keyword('taxi id'),
  client_id: keyword('client id'),
  taxi: position('taxi position'),
  client: position('client (pickup) position'),
  comfort: { type: 'string', enum: COMFORT_LEVELS, description: 'comfort level asked for' },
};

/** JSON Schema of the raw taxi event. */
export const taxiRawSchema: JsonSchema = {
  $schema: DIALECT,
  $id: 'https://tributary.dev/schemas/taxi.raw.json',
  title: 'taxi raw event',
  type: 'object',
  required: ['ride_id', 'taxi_id', 'client_id', 'timestamp', 'taxi', 'client', 'comfort'],
  properties: { ...rawProperties, timestamp: dateTime('when the request was made (RFC 3339 with zone)') },
};

/** JSON Schema of the enriched taxi event. */
export const taxiEnrichedSchema: JsonSchema = {
  $schema: DIALECT,
  $id: 'https://tributary.dev/schemas/taxi.enriched.json',
  title: 'taxi enriched event',
  type: 'object',
  required: ['event_id', 'event_time', 'ride_id', 'taxi_id', 'client_id', 'taxi', 'client', 'comfort', 'distance_km', 'eta_minutes', 'price_estimate', 'currency'],
  properties: {
    event_id: eventIdField,
    event_time: eventTimeField,
    ...rawProperties,
    distance_km: num('great-circle (haversine) distance taxi to client, km'),
    eta_minutes: num('minutes for the taxi to reach the client at the city speed'),
    price_estimate: num('estimated fare for the comfort level, in currency'),
    currency: keyword('ISO 4217 code of price_estimate'),
  },
};
