/**
 * The one list of API modules. The dispatch table and the ApiVersions answer are both built
 * from it; a key not listed here is neither advertised nor served.
 */
import { produce } from './00-produce';
import { fetch } from './01-fetch';
import { listOffsets } from './02-list-offsets';
import { metadata } from './03-metadata';
import { advertised, apiVersions } from './18-api-versions';
import { createTopics } from './19-create-topics';
import type { ApiModule } from './types';

/** Every API the broker serves, by key order. */
export const APIS: readonly ApiModule[] = [produce, fetch, listOffsets, metadata, apiVersions, createTopics].sort((a, b) => a.apiKey - b.apiKey);

/** Dispatch table by API key. */
export const DISPATCH: ReadonlyMap<number, ApiModule> = new Map(APIS.map((a) => [a.apiKey, a]));

advertised.apis = APIS;
