/**
 * DescribeConfigs (key 32), versions 0–2, for topics (resource type 2; the topic's own configs
 * plus Kafka's defaults) and the broker (type 4; a few static settings). Left out:
 * documentation (v3), flexible v4, synonyms beyond the value's own source, other resource types
 * (answered INVALID_REQUEST).
 */
import { NODE_ID, TOPIC_CONFIG_DEFAULTS, type Broker } from '../broker';
import { ErrorCode } from '../protocol/errors';
import { Writer } from '../protocol/writer';
import type { ApiModule } from './types';

/** Config sources, as the protocol numbers them. */
const SOURCE = { DYNAMIC_TOPIC_CONFIG: 1, STATIC_BROKER_CONFIG: 4, DEFAULT_CONFIG: 5 } as const;

interface ConfigEntry { name: string; value: string; source: number }
interface ResourceAnswer { error: number; message: string | null; type: number; name: string; configs: ConfigEntry[] }

function describe(broker: Broker, type: number, name: string, keys: string[] | null): ResourceAnswer {
  let all: ConfigEntry[];
  if (type === 2) {
    const t = broker.topics.get(name);
    if (!t) return { error: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, message: `Topic '${name}' does not exist.`, type, name, configs: [] };
    const merged = { ...TOPIC_CONFIG_DEFAULTS, ...t.meta.configs };
    all = Object.entries(merged).map(([k, value]) => ({ name: k, value, source: k in t.meta.configs ? SOURCE.DYNAMIC_TOPIC_CONFIG : SOURCE.DEFAULT_CONFIG }));
  } else if (type === 4) {
    if (name !== String(NODE_ID) && name !== '') return { error: ErrorCode.INVALID_REQUEST, message: `no broker ${name}; this cluster has broker ${NODE_ID}`, type, name, configs: [] };
    all = Object.entries({
      'broker.id': String(NODE_ID),
      'auto.create.topics.enable': String(broker.autoCreateTopics),
      'num.partitions': String(broker.defaultPartitions),
      'message.max.bytes': '1048588',
      'offsets.topic.replication.factor': '1',
    }).map(([k, value]) => ({ name: k, value, source: SOURCE.STATIC_BROKER_CONFIG }));
  } else {
    return { error: ErrorCode.INVALID_REQUEST, message: `resource type ${type} is not supported; use 2 (topic) or 4 (broker)`, type, name, configs: [] };
  }
  return { error: 0, message: null, type, name, configs: keys ? all.filter((c) => keys.includes(c.name)) : all };
}

export const describeConfigs: ApiModule = {
  apiKey: 32,
  name: 'DescribeConfigs',
  minVersion: 0,
  maxVersion: 2,
  handle(r, { broker, apiVersion: v }) {
    const resources = r.array(false, (x) => ({ type: x.int8(), name: x.string(), keys: x.nullableArray(false, (y) => y.string()) }));
    if (v >= 1) r.bool();
    const w = new Writer();
    w.int32(0);
    return w.array(false, resources.map((res) => describe(broker, res.type, res.name, res.keys)), (w2, a) => {
      w2.int16(a.error).str(false, a.message).int8(a.type).str(false, a.name);
      w2.array(false, a.configs, (w3, c) => {
        w3.str(false, c.name).str(false, c.value).bool(false);
        if (v === 0) w3.bool(c.source === SOURCE.DEFAULT_CONFIG);
        else w3.int8(c.source);
        w3.bool(false);
        if (v >= 1) w3.array(false, [c], (w4, s) => { w4.str(false, s.name).str(false, s.value).int8(s.source); });
      });
    });
  },
};
