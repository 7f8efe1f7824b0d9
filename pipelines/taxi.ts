/**
 * taxi: ride requests with the taxi's and the client's positions (ARCHITECTURE §6). Enrichment:
 * haversine distance taxi↔client, ETA at the city speed, price estimate by comfort level from
 * the tariff below.
 */
import { taxiEnrichedSchema, taxiRawSchema, type Comfort, type TaxiEnriched, type TaxiRaw } from '../schemas/taxi.schema';
import { haversineKm, round } from './core/geo';
import { coordinatesInRange, notInFuture } from './core/rules';
import { parseMs, toUtcIso } from './core/time';
import type { PipelineDefinition } from './types';

/** The tariff: price = (baseFare + perKm × distance_km) × comfort multiplier, in currency. */
export interface Tariff {
  readonly currency: string;
  readonly baseFare: number;
  readonly perKm: number;
  readonly comfort: Readonly<Record<Comfort, number>>;
  /** Average city speed for the ETA, km/h. */
  readonly citySpeedKmh: number;
}

/** The taxi tariff (EUR, a European city's day rate). */
export const TAXI_TARIFF: Tariff = {
  currency: 'EUR',
  baseFare: 2.6,
  perKm: 1.3,
  comfort: { low: 1, medium: 1.35, high: 1.9 },
  citySpeedKmh: 24,
};

/** Distance, ETA and price for a taxi and client position under a tariff (rounded as stored). */
export function taxiEstimate(taxi: { lat: number; lon: number }, client: { lat: number; lon: number }, comfort: Comfort, tariff: Tariff = TAXI_TARIFF) {
  const km = haversineKm(taxi, client);
  return {
    distance_km: round(km, 3),
    eta_minutes: round((km / tariff.citySpeedKmh) * 60, 1),
    price_estimate: round((tariff.baseFare + tariff.perKm * km) * tariff.comfort[comfort], 2),
  };
}

/** The taxi pipeline. */
export const taxi: PipelineDefinition<TaxiRaw, TaxiEnriched> = {
  id: 'taxi',
  title: 'Taxi rides',
  description: 'Ride requests with taxi and client positions; distance, ETA and price by comfort level; k-means pickup zones.',
  schema: taxiRawSchema,
  enrichedSchema: taxiEnrichedSchema,
  eventId: (e) => e.ride_id,
  rules: [
    coordinatesInRange({ taxi: (e) => e.taxi, client: (e) => e.client }),
    notInFuture({ field: 'timestamp', millis: (e) => parseMs(e.timestamp) }),
  ],
  enrich: (e) => {
    // One object literal, no spreads: V8 builds it with a single shape (see bench/core.bench.ts).
    const est = taxiEstimate(e.taxi, e.client, e.comfort);
    return {
      event_id: e.ride_id,
      event_time: toUtcIso(e.timestamp),
      ride_id: e.ride_id,
      taxi_id: e.taxi_id,
      client_id: e.client_id,
      // The schema allows exactly {lat, lon} here, so the parsed objects are reused as they are.
      taxi: e.taxi,
      client: e.client,
      comfort: e.comfort,
      distance_km: est.distance_km,
      eta_minutes: est.eta_minutes,
      price_estimate: est.price_estimate,
      currency: TAXI_TARIFF.currency,
    };
  },
  timeField: 'event_time',
  partitionKeys: [],
  filterFields: ['comfort', 'taxi_id', 'client_id', 'ride_id'],
  index: { shards: 1, replicas: 1, refreshInterval: '5s' },
  batching: {
    index: { count: 1000, bytes: 5_000_000, ageMs: 5_000 },
    lake: { count: 100_000, bytes: 64_000_000, ageMs: 45_000 },
  },
  kpis: [
    { name: 'revenue_by_comfort', description: 'Estimated revenue, rides, mean distance and ETA per day and comfort level.', schedule: 'every 15 minutes', scanDays: 2 },
    { name: 'rides_per_zone', description: 'Rides, revenue and mean ETA per day and k-means pickup zone.', schedule: 'every 1 hours', scanDays: 2 },
  ],
  models: [
    {
      name: 'pickup_zones',
      type: 'KMEANS',
      description: "K-means: 8 pickup zones over client (pickup) positions.",
      features: ['client.lat', 'client.lon'],
      options: { num_clusters: 8, kmeans_init_method: 'KMEANS++', standardize_features: false },
      schedule: 'every 24 hours',
      trainDays: 30,
    },
  ],
  sources: [{ kind: 'generator' }, { kind: 'replay', formats: ['ndjson', 'csv', 'json'], timestampField: 'timestamp' }],
  workload: { eventsPerSecond: 200, avgEventBytes: 260, retentionDays: 90 },
};
