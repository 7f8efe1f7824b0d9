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
import { offsetCommit } from './08-offset-commit';
import { offsetFetch } from './09-offset-fetch';
import { findCoordinator } from './10-find-coordinator';
import { joinGroup } from './11-join-group';
import { heartbeat } from './12-heartbeat';
import { leaveGroup } from './13-leave-group';
import { syncGroup } from './14-sync-group';
import { describeGroups } from './15-describe-groups';
import { listGroups } from './16-list-groups';
import { deleteTopics } from './20-delete-topics';
import { initProducerId } from './22-init-producer-id';
import { describeConfigs } from './32-describe-configs';
import { createPartitions } from './37-create-partitions';
import { deleteGroups } from './42-delete-groups';
import type { ApiModule } from './types';

/** Every API the broker serves, by key order. */
export const APIS: readonly ApiModule[] = [
  produce, fetch, listOffsets, metadata, offsetCommit, offsetFetch, findCoordinator, joinGroup, heartbeat,
  leaveGroup, syncGroup, describeGroups, listGroups, apiVersions, createTopics, deleteTopics,
  initProducerId, describeConfigs, createPartitions, deleteGroups,
].sort((a, b) => a.apiKey - b.apiKey);

/** Dispatch table by API key. */
export const DISPATCH: ReadonlyMap<number, ApiModule> = new Map(APIS.map((a) => [a.apiKey, a]));

advertised.apis = APIS;
