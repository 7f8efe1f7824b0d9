/**
 * Pieces shared by the pipeline schemas. Each is a plain JSON Schema (2020-12) fragment with
 * Tributary's annotation keywords (see schemas/README.md).
 */
import type { JsonSchema } from './types';

/** The JSON Schema dialect every Tributary schema declares. */
export const DIALECT = 'https://json-schema.org/draft/2020-12/schema';

/** An ISO 8601 / RFC 3339 instant with a zone: TIMESTAMP in BigQuery and Parquet, `date` in Elasticsearch. */
export const dateTime = (description: string): JsonSchema => ({ type: 'string', format: 'date-time', description });

/** A string kept whole in Elasticsearch (`keyword`). */
export const keyword = (description: string, extra: JsonSchema = {}): JsonSchema => ({ type: 'string', description, ...extra });

/** A number, with an optional description. */
export const num = (description: string, extra: JsonSchema = {}): JsonSchema => ({ type: 'number', description, ...extra });

/** Integers beyond this lose precision in JavaScript (and in JSON decoders generally). */
export const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** An integer (INT64), bounded to the range JSON numbers hold exactly. */
export const int = (description: string, extra: JsonSchema = {}): JsonSchema => ({ type: 'integer', description, minimum: -MAX_SAFE, maximum: MAX_SAFE, ...extra });

/**
 * A WGS84 position `{lat, lon}` in degrees: `geo_point` in Elasticsearch, a RECORD / struct of
 * two FLOAT64 in BigQuery and Parquet (so SQL reads `client.lat`). The range is a pipeline rule
 * (`coordinates.range`), not a schema constraint, so the quarantine names it.
 */
export const position = (description: string): JsonSchema => ({
  type: 'object',
  description,
  'x-es': 'geo_point',
  required: ['lat', 'lon'],
  additionalProperties: false,
  properties: { lat: { type: 'number', description: 'latitude, degrees' }, lon: { type: 'number', description: 'longitude, degrees' } },
});

/** The stable id every enriched event carries (Elasticsearch `_id`, the silver view's key). */
export const eventIdField: JsonSchema = { type: 'string', description: 'stable event id: from the source, or a hash of the content' };

/** The event time every enriched event carries; drives `dt=` partitions and daily indices. */
export const eventTimeField: JsonSchema = dateTime('event time (UTC)');
