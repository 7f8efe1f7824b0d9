/**
 * The shape every API module exports (one module per API key, after franz-go's kfake): its key,
 * the versions it serves, the first flexible version, and a handler that reads the request body
 * and returns the response body. The dispatch table and the ApiVersions answer are both built
 * from the one list in `api/index.ts`.
 */
import type { Broker } from '../broker';
import type { Reader } from '../protocol/reader';
import type { Writer } from '../protocol/writer';

/** What a handler knows about the request it serves. */
export interface RequestContext {
  readonly broker: Broker;
  readonly apiVersion: number;
  /** Whether this version uses compact encodings and tagged fields. */
  readonly flexible: boolean;
  readonly clientId: string | null;
  /** A per-connection id, for logs. */
  readonly connectionId: number;
}

/** One Kafka API. */
export interface ApiModule {
  readonly apiKey: number;
  readonly name: string;
  readonly minVersion: number;
  readonly maxVersion: number;
  /** First version with flexible encoding (request header v2, response header v1); undefined if none served. */
  readonly flexibleFrom?: number;
  /**
   * Reads the request body (the reader stands after the request header) and returns the
   * response body, or null when the protocol sends no response (Produce with acks=0).
   */
  handle(r: Reader, ctx: RequestContext): Writer | null | Promise<Writer | null>;
}
