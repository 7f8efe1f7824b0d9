/**
 * google.pubsub.v1.Publisher: CreateTopic, GetTopic, UpdateTopic, ListTopics,
 * ListTopicSubscriptions, DeleteTopic, DetachSubscription, Publish.
 * ListTopicSnapshots is in ./snapshots.ts.
 */
import { maskPaths, type UnaryRpc } from './types';

export const publisherRpcs: UnaryRpc[] = [
  { service: 'Publisher', method: 'CreateTopic', handle: (req, { broker }) => broker.createTopic(req) },
  { service: 'Publisher', method: 'GetTopic', handle: (req, { broker }) => broker.topic(req.topic).config },
  { service: 'Publisher', method: 'UpdateTopic', handle: (req, { broker }) => broker.updateTopic(req.topic ?? {}, maskPaths(req.updateMask)) },
  { service: 'Publisher', method: 'ListTopics', handle: (req, { broker }) => broker.listTopics(req.project, req.pageSize, req.pageToken) },
  {
    service: 'Publisher',
    method: 'ListTopicSubscriptions',
    handle: (req, { broker }) => broker.listTopicSubscriptions(req.topic, req.pageSize, req.pageToken),
  },
  { service: 'Publisher', method: 'DeleteTopic', handle: (req, { broker }) => (broker.deleteTopic(req.topic), {}) },
  { service: 'Publisher', method: 'DetachSubscription', handle: (req, { broker }) => (broker.detachSubscription(req.subscription), {}) },
  { service: 'Publisher', method: 'Publish', handle: (req, { broker }) => ({ messageIds: broker.publish(req.topic, req.messages) }) },
];
