/**
 * The REST (JSON over HTTP/1.1) surface of `google.pubsub.v1`, per Google's REST reference:
 *   PUT/GET/PATCH/DELETE /v1/projects/{p}/topics/{t}, GET /v1/projects/{p}/topics,
 *   GET .../topics/{t}/subscriptions, POST .../topics/{t}:publish,
 *   PUT/GET/PATCH/DELETE /v1/projects/{p}/subscriptions/{s}, GET /v1/projects/{p}/subscriptions,
 *   POST .../subscriptions/{s}:pull | :acknowledge | :modifyAckDeadline | :modifyPushConfig | :seek | :detach,
 *   PUT/GET/PATCH/DELETE /v1/projects/{p}/snapshots/{n}, GET /v1/projects/{p}/snapshots, GET .../topics/{t}/snapshots.
 * Anything else (schemas, IAM) answers 404 with Google's error envelope.
 * Requests become the same request objects the gRPC handlers get (through json.ts) and run the
 * same RPC modules, fault hooks included; errors use Google's JSON error envelope.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultHook } from '../common/types';
import type { UnaryRpc } from './api/types';
import type { Broker } from './broker';
import { PubSubError, toRestError, unimplemented } from './errors';
import { status as Status } from '@grpc/grpc-js';
import { convert, methodTypes } from './json';

/** Options for {@link restHandler}. */
export interface RestOptions {
  readonly broker: Broker;
  readonly rpcs: readonly UnaryRpc[];
  readonly faults?: FaultHook;
  readonly pullWaitMs: number;
}

interface Route {
  service: 'Publisher' | 'Subscriber';
  method: string;
  /** Builds the request object (proto-loader form) from path parameters and the converted body. */
  request(name: string, body: Record<string, unknown>, query: URLSearchParams): Record<string, unknown>;
}

const paging = (q: URLSearchParams): Record<string, unknown> => ({
  pageSize: q.has('pageSize') ? Number(q.get('pageSize')) : undefined,
  pageToken: q.get('pageToken') ?? undefined,
});

/** [http method, collection, verb or sub-collection] → route. `name` is the resource path. */
const ROUTES: Record<string, Route> = {
  'PUT topics': { service: 'Publisher', method: 'CreateTopic', request: (name, body) => ({ ...body, name }) },
  'GET topics': { service: 'Publisher', method: 'GetTopic', request: (topic) => ({ topic }) },
  'PATCH topics': { service: 'Publisher', method: 'UpdateTopic', request: (name, body) => ({ ...body, topic: { ...(body.topic as object), name } }) },
  'DELETE topics': { service: 'Publisher', method: 'DeleteTopic', request: (topic) => ({ topic }) },
  'GET topics/': { service: 'Publisher', method: 'ListTopics', request: (project, _b, q) => ({ project, ...paging(q) }) },
  'GET topics/subscriptions': { service: 'Publisher', method: 'ListTopicSubscriptions', request: (topic, _b, q) => ({ topic, ...paging(q) }) },
  'GET topics/snapshots': { service: 'Publisher', method: 'ListTopicSnapshots', request: (topic, _b, q) => ({ topic, ...paging(q) }) },
  'POST topics:publish': { service: 'Publisher', method: 'Publish', request: (topic, body) => ({ ...body, topic }) },
  'PUT subscriptions': { service: 'Subscriber', method: 'CreateSubscription', request: (name, body) => ({ ...body, name }) },
  'GET subscriptions': { service: 'Subscriber', method: 'GetSubscription', request: (subscription) => ({ subscription }) },
  'PATCH subscriptions': {
    service: 'Subscriber',
    method: 'UpdateSubscription',
    request: (name, body) => ({ ...body, subscription: { ...(body.subscription as object), name } }),
  },
  'DELETE subscriptions': { service: 'Subscriber', method: 'DeleteSubscription', request: (subscription) => ({ subscription }) },
  'GET subscriptions/': { service: 'Subscriber', method: 'ListSubscriptions', request: (project, _b, q) => ({ project, ...paging(q) }) },
  'POST subscriptions:pull': { service: 'Subscriber', method: 'Pull', request: (subscription, body) => ({ ...body, subscription }) },
  'POST subscriptions:acknowledge': { service: 'Subscriber', method: 'Acknowledge', request: (subscription, body) => ({ ...body, subscription }) },
  'POST subscriptions:modifyAckDeadline': { service: 'Subscriber', method: 'ModifyAckDeadline', request: (subscription, body) => ({ ...body, subscription }) },
  'POST subscriptions:modifyPushConfig': { service: 'Subscriber', method: 'ModifyPushConfig', request: (subscription, body) => ({ ...body, subscription }) },
  'POST subscriptions:seek': { service: 'Subscriber', method: 'Seek', request: (subscription, body) => ({ ...body, subscription }) },
  'POST subscriptions:detach': { service: 'Publisher', method: 'DetachSubscription', request: (subscription) => ({ subscription }) },
  'PUT snapshots': { service: 'Subscriber', method: 'CreateSnapshot', request: (name, body) => ({ ...body, name }) },
  'GET snapshots': { service: 'Subscriber', method: 'GetSnapshot', request: (snapshot) => ({ snapshot }) },
  'PATCH snapshots': { service: 'Subscriber', method: 'UpdateSnapshot', request: (name, body) => ({ ...body, snapshot: { ...(body.snapshot as object), name } }) },
  'GET snapshots/': { service: 'Subscriber', method: 'ListSnapshots', request: (project, _b, q) => ({ project, ...paging(q) }) },
  'DELETE snapshots': { service: 'Subscriber', method: 'DeleteSnapshot', request: (snapshot) => ({ snapshot }) },
};

const PATH = /^\/v1\/(projects\/[^/:]+)\/(topics|subscriptions|snapshots)(?:\/([^/:]+)(?:\/(subscriptions|snapshots))?(?::([A-Za-z]+))?)?$/;

function resolve(method: string, pathname: string): { route: Route; name: string } | undefined {
  const m = PATH.exec(pathname);
  if (!m) return undefined;
  const [, project, collection, id, sub, verb] = m as unknown as [string, string, string, string?, string?, string?];
  if (!id) {
    const route = ROUTES[`${method} ${collection}/`];
    return route ? { route, name: project } : undefined;
  }
  const key = sub ? `${method} ${collection}/${sub}` : verb ? `${method} ${collection}:${verb}` : `${method} ${collection}`;
  const route = ROUTES[key];
  return route ? { route, name: `${project}/${collection}/${decodeURIComponent(id)}` } : undefined;
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req as AsyncIterable<Buffer>) {
    size += c.length;
    if (size > 32 * 1024 * 1024) throw new PubSubError(Status.INVALID_ARGUMENT, 'Request payload size exceeds the limit: 33554432 bytes.');
    chunks.push(c);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text.trim()) return {};
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch (err) {
    throw new PubSubError(Status.INVALID_ARGUMENT, `Invalid JSON payload received. ${(err as Error).message}`);
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** The HTTP request handler. */
export function restHandler(options: RestOptions): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const run = async (): Promise<unknown> => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const found = resolve(req.method ?? 'GET', url.pathname);
      if (!found) throw new PubSubError(Status.NOT_FOUND, `The requested URL ${url.pathname} was not found on this server (${req.method}).`);
      const { route, name } = found;
      const types = methodTypes(route.service, route.method);
      const rawBody = await readBody(req);
      const rpc = options.rpcs.find((r) => r.service === route.service && r.method === route.method);
      if (!rpc) throw unimplemented(`google.pubsub.v1.${route.service}.${route.method}`);
      const request = convert(types.request, route.request(name, rawBody, url.searchParams), true);
      if (options.faults) {
        const r = await options.faults(route.method, request);
        if (r instanceof Error) throw r;
      }
      const cancelled = new Promise<void>((r) => res.once('close', () => r()));
      const response = await rpc.handle(request, { broker: options.broker, pullWaitMs: options.pullWaitMs, cancelled });
      return convert(types.response, response ?? {}, false);
    };
    run().then(
      (body) => send(res, 200, body),
      (err) => {
        const e = toRestError(err);
        send(res, e.status, e.body);
      },
    );
  };
}
