/**
 * Snapshots: Subscriber.CreateSnapshot, GetSnapshot, UpdateSnapshot, ListSnapshots,
 * DeleteSnapshot and Publisher.ListTopicSnapshots (rules in ../snapshots.ts).
 */
import { page } from '../broker';
import { maskPaths, type UnaryRpc } from './types';

export const snapshotRpcs: UnaryRpc[] = [
  { service: 'Subscriber', method: 'CreateSnapshot', handle: (req, { broker }) => broker.snapshots.create(req) },
  { service: 'Subscriber', method: 'GetSnapshot', handle: (req, { broker }) => broker.snapshots.getView(req.snapshot) },
  { service: 'Subscriber', method: 'UpdateSnapshot', handle: (req, { broker }) => broker.snapshots.update(req.snapshot ?? {}, maskPaths(req.updateMask)) },
  { service: 'Subscriber', method: 'DeleteSnapshot', handle: (req, { broker }) => (broker.snapshots.delete(req.snapshot), {}) },
  {
    service: 'Subscriber',
    method: 'ListSnapshots',
    handle: (req, { broker }) => {
      const r = page(broker.snapshots.list(req.project), req.pageSize, req.pageToken);
      return { snapshots: broker.snapshots.views(r.items), nextPageToken: r.next };
    },
  },
  {
    service: 'Publisher',
    method: 'ListTopicSnapshots',
    handle: (req, { broker }) => {
      const r = page(broker.snapshots.listForTopic(req.topic), req.pageSize, req.pageToken);
      return { snapshots: r.items, nextPageToken: r.next };
    },
  },
];
