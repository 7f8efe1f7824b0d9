/**
 * Taxi sample data: ride requests in New York City. Client (pickup) positions are concentrated
 * around eight real pickup hot spots, as in the Uber 2014 NYC pickups, so that k-means on
 * latitude/longitude finds eight meaningful zones; the nearest taxi is within a few km.
 */
import { mulberry32, type Prng } from './prng';
import { DUPLICATE, type DefectSpec, withDefects } from './defects';
import { type SampleGenerator, type GeneratorOptions, type Sample, resolveOptions, round } from './types';

/** A pickup hot spot: centre, spread (standard deviation in metres) and relative weight. */
export interface HotSpot {
  readonly name: string;
  readonly lat: number;
  readonly lon: number;
  readonly sigmaM: number;
  readonly weight: number;
}

/** The eight hot spots (busiest areas of the Uber 2014 NYC pickups), at least ~3 km apart. */
export const HOT_SPOTS: readonly HotSpot[] = [
  { name: 'Midtown Manhattan', lat: 40.7549, lon: -73.984, sigmaM: 450, weight: 0.24 },
  { name: 'Lower Manhattan', lat: 40.7075, lon: -74.0113, sigmaM: 400, weight: 0.16 },
  { name: 'Upper West Side', lat: 40.787, lon: -73.9754, sigmaM: 400, weight: 0.1 },
  { name: 'Williamsburg', lat: 40.7081, lon: -73.9571, sigmaM: 400, weight: 0.1 },
  { name: 'Long Island City', lat: 40.7447, lon: -73.9485, sigmaM: 350, weight: 0.08 },
  { name: 'LaGuardia Airport', lat: 40.7769, lon: -73.874, sigmaM: 350, weight: 0.12 },
  { name: 'JFK Airport', lat: 40.6413, lon: -73.7781, sigmaM: 500, weight: 0.14 },
  { name: 'Newark Airport', lat: 40.6895, lon: -74.1745, sigmaM: 500, weight: 0.06 },
];

/** Comfort levels, and how often each is requested. */
const COMFORT: readonly { level: 'low' | 'medium' | 'high'; share: number }[] = [
  { level: 'low', share: 0.6 },
  { level: 'medium', share: 0.3 },
  { level: 'high', share: 0.1 },
];

const M_PER_DEG_LAT = 111_320;
/** Mean ride requests per second (exponential gaps between requests). */
const REQUESTS_PER_SECOND = 2;
const FLEET_SIZE = 500;

/** Picks an index with probability proportional to `weights` (which sum to ~1). */
export function pickWeighted(rng: Prng, weights: readonly number[]): number {
  let x = rng.next() * weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < weights.length; i++) {
    x -= weights[i];
    if (x < 0) return i;
  }
  return weights.length - 1;
}

/** 32 lower-case hex digits from the PRNG: a stable, seed-dependent id. */
export function hexId(rng: Prng, digits = 32): string {
  let s = '';
  while (s.length < digits) s += Math.floor(rng.next() * 0x100000000).toString(16).padStart(8, '0');
  return s.slice(0, digits);
}

/** A point offset from (lat, lon) by a Gaussian of `sigmaM` metres in each direction. */
function scatter(rng: Prng, lat: number, lon: number, sigmaM: number): { lat: number; lon: number } {
  const dLat = (rng.normal() * sigmaM) / M_PER_DEG_LAT;
  const dLon = (rng.normal() * sigmaM) / (M_PER_DEG_LAT * Math.cos((lat * Math.PI) / 180));
  return { lat: round(lat + dLat, 6), lon: round(lon + dLon, 6) };
}

function* generate(options: GeneratorOptions): Generator<Sample> {
  const { start } = resolveOptions(options, 0);
  const rng = mulberry32(options.seed);
  const weights = HOT_SPOTS.map((h) => h.weight);
  const comfortWeights = COMFORT.map((c) => c.share);
  let t = start;
  for (let i = 0; i < options.count; i++) {
    t += Math.round((-Math.log(1 - rng.next()) / REQUESTS_PER_SECOND) * 1000);
    const spot = HOT_SPOTS[pickWeighted(rng, weights)];
    const client = scatter(rng, spot.lat, spot.lon, spot.sigmaM);
    const taxi = scatter(rng, client.lat, client.lon, 1500);
    yield {
      event: {
        ride_id: hexId(rng),
        timestamp: new Date(t).toISOString(),
        taxi_id: `taxi-${String(rng.int(1, FLEET_SIZE)).padStart(4, '0')}`,
        taxi,
        client_id: `client-${String(rng.int(1, 100_000)).padStart(6, '0')}`,
        client,
        comfort: COMFORT[pickWeighted(rng, comfortWeights)].level,
      },
    };
  }
}

/** Defects taxi can inject (`--defect-rate`), each with the rule that quarantines it. */
export const TAXI_DEFECTS: readonly DefectSpec[] = [
  DUPLICATE,
  { kind: 'coordinates_out_of_range', description: 'client latitude 123.4', rule: 'coordinates.range', spoil: (e) => ({ ...e, client: { ...(e.client as object), lat: 123.4 } }) },
  { kind: 'missing_field', description: 'no comfort level', rule: 'schema.required', spoil: ({ comfort: _, ...rest }) => rest },
  { kind: 'bad_value', description: 'comfort "luxury", not a level', rule: 'schema.enum', spoil: (e) => ({ ...e, comfort: 'luxury' }) },
  { kind: 'future_timestamp', description: 'a request time ten years ahead', rule: 'timestamp.future', spoil: (e) => ({ ...e, timestamp: tenYearsLater(e.timestamp as string) }) },
];

/** The same instant ten years later (a time any pipeline clock sees as the future). */
export function tenYearsLater(iso: string): string {
  const d = new Date(iso);
  d.setUTCFullYear(d.getUTCFullYear() + 10);
  return d.toISOString();
}

const defects = { defaultRate: 0, kinds: TAXI_DEFECTS };

/** The taxi generator. */
export const taxiGenerator: SampleGenerator = {
  id: 'taxi',
  description: 'NYC ride requests: client and taxi positions around 8 pickup hot spots, comfort low/medium/high',
  generate: withDefects(generate, defects),
  defects,
};
