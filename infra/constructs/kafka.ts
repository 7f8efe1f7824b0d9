/**
 * Optional Managed Kafka: a cluster, a `<id>.raw` topic per pipeline, and the Kafka→Pub/Sub
 * bridge in one of two forms (infra/README.md, "The Kafka bridge"):
 * - `function` (default): the kafkajs `bridge` function, the same code that runs locally, called
 *   by Cloud Scheduler every minute; it consumes for `DRAIN_DEADLINE_MS`, publishes to
 *   `<id>-raw` and commits offsets only after Pub/Sub acknowledged the publish.
 * - `connect`: Managed Kafka Connect with Google's Pub/Sub sink connector (google-beta).
 */
import { GoogleManagedKafkaConnectCluster } from '@cdktf/provider-google-beta/lib/google-managed-kafka-connect-cluster';
import { GoogleManagedKafkaConnector } from '@cdktf/provider-google-beta/lib/google-managed-kafka-connector';
import type { GoogleBetaProvider } from '@cdktf/provider-google-beta/lib/provider';
import { ManagedKafkaCluster } from '@cdktf/provider-google/lib/managed-kafka-cluster';
import { ManagedKafkaTopic } from '@cdktf/provider-google/lib/managed-kafka-topic';
import { PubsubTopicIamMember } from '@cdktf/provider-google/lib/pubsub-topic-iam-member';
import { VpcAccessConnector } from '@cdktf/provider-google/lib/vpc-access-connector';
import { Construct } from 'constructs';
import { kafkaTopic, pubsubTopic } from '../../pipelines/naming';
import type { BridgeMode } from '../config';
import { KAFKA_CLUSTER, sharedFunctionName, SHARED_FUNCTIONS } from '../names';
import { CloudFunction, ScheduledCall, type FunctionSource } from './functions';
import { grantProjectRole, serviceAgent, type ServiceIdentity } from './iam';
import type { PipelineMessaging } from './messaging';
import { DRAIN_DEADLINE_MS, DRAIN_SCHEDULE, DRAIN_TIMEOUT_SECONDS } from './pipeline';

/** Props of {@link Kafka}. */
export interface KafkaProps {
  readonly project: string;
  /** Project number reference, for the Managed Kafka service agent. */
  readonly projectNumber: string;
  readonly region: string;
  /** Subnetwork the cluster, the Connect cluster and the VPC connector attach to. */
  readonly subnet: string;
  /** @default 'function' */
  readonly bridge?: BridgeMode;
  /** /28 range of the bridge function's VPC connector. @default '10.8.0.0/28' */
  readonly vpcConnectorRange?: string;
  /** Pipelines' messaging, by pipeline id. */
  readonly pipelines: ReadonlyMap<string, PipelineMessaging>;
  readonly source: FunctionSource;
  readonly schedulerIdentity: ServiceIdentity;
  /** Needed for `connect`. */
  readonly betaProvider?: GoogleBetaProvider;
  readonly labels?: Readonly<Record<string, string>>;
}

/** The bootstrap address of a Managed Kafka cluster. */
export const bootstrapAddress = (o: { readonly project: string; readonly region: string; readonly cluster: string }): string =>
  `bootstrap.${o.cluster}.${o.region}.managedkafka.${o.project}.cloud.goog:9092`;

/** Managed Kafka and the bridge. */
export class Kafka extends Construct {
  readonly cluster: ManagedKafkaCluster;
  readonly topics: ManagedKafkaTopic[] = [];
  /** The bridge function when `bridge` is `function`. */
  readonly bridgeFunction?: CloudFunction;

  constructor(scope: Construct, id: string, props: KafkaProps) {
    super(scope, id);
    const { project, region } = props;
    this.cluster = new ManagedKafkaCluster(this, 'cluster', {
      project,
      location: region,
      clusterId: KAFKA_CLUSTER,
      capacityConfig: { vcpuCount: '3', memoryBytes: String(3 * 1024 ** 3) },
      gcpConfig: { accessConfig: { networkConfigs: [{ subnet: props.subnet }] } },
      rebalanceConfig: { mode: 'AUTO_REBALANCE_ON_SCALE_UP' },
      labels: props.labels,
    });
    for (const pipeline of props.pipelines.keys()) {
      this.topics.push(
        new ManagedKafkaTopic(this, `topic-${pipeline}`, {
          project,
          location: region,
          cluster: this.cluster.clusterId,
          topicId: kafkaTopic(pipeline),
          partitionCount: 3,
          replicationFactor: 3,
        }),
      );
    }
    if ((props.bridge ?? 'function') === 'function') this.bridgeFunction = this.functionBridge(props);
    else this.connectBridge(props);
  }

  private functionBridge(props: KafkaProps): CloudFunction {
    const connector = new VpcAccessConnector(this, 'connector', {
      project: props.project,
      region: props.region,
      name: 'tributary-bridge',
      ipCidrRange: props.vpcConnectorRange ?? '10.8.0.0/28',
      network: 'default',
      minInstances: 2,
      maxInstances: 3,
    });
    const mapping = Object.fromEntries([...props.pipelines.keys()].map((p) => [kafkaTopic(p), pubsubTopic(p, 'raw')]));
    const fn = new CloudFunction(this, 'bridge', {
      project: props.project,
      region: props.region,
      name: sharedFunctionName('bridge'),
      target: SHARED_FUNCTIONS.bridge,
      source: props.source,
      memory: '512M',
      maxInstances: 1,
      timeoutSeconds: DRAIN_TIMEOUT_SECONDS,
      vpcConnector: connector.id,
      labels: { 'tributary-function': 'bridge', 'tributary-signature': 'http' },
      env: {
        GOOGLE_CLOUD_PROJECT: props.project,
        KAFKA_BROKERS: bootstrapAddress({ project: props.project, region: props.region, cluster: KAFKA_CLUSTER }),
        KAFKA_SASL_MECHANISM: 'oauthbearer',
        KAFKA_GROUP_ID: sharedFunctionName('bridge'),
        BRIDGE_TOPICS: JSON.stringify(mapping),
        DRAIN_DEADLINE_MS: String(DRAIN_DEADLINE_MS),
      },
    });
    grantProjectRole(this, 'bridge-kafka-client', { project: props.project, role: 'roles/managedkafka.client', to: fn.identity });
    for (const m of props.pipelines.values()) m.grantPublish('raw', fn.identity);
    new ScheduledCall(this, 'bridge-schedule', { project: props.project, region: props.region, fn, schedule: DRAIN_SCHEDULE, invoker: props.schedulerIdentity });
    return fn;
  }

  private connectBridge(props: KafkaProps): void {
    if (!props.betaProvider) throw new Error('bridge "connect" needs the google-beta provider: pass betaProvider to Kafka');
    const connect = new GoogleManagedKafkaConnectCluster(this, 'connect', {
      provider: props.betaProvider,
      project: props.project,
      location: props.region,
      connectClusterId: `${KAFKA_CLUSTER}-connect`,
      kafkaCluster: this.cluster.id,
      capacityConfig: { vcpuCount: '3', memoryBytes: String(3 * 1024 ** 3) },
      gcpConfig: { accessConfig: { networkConfigs: [{ primarySubnet: props.subnet }] } },
      labels: props.labels,
    });
    const agent = serviceAgent(`service-${props.projectNumber}@gcp-sa-managedkafka.iam.gserviceaccount.com`);
    for (const [pipeline, m] of props.pipelines) {
      new PubsubTopicIamMember(this, `connect-publishes-${pipeline}`, { project: props.project, topic: m.topics.raw.name, role: 'roles/pubsub.publisher', member: agent.member });
      new GoogleManagedKafkaConnector(this, `sink-${pipeline}`, {
        provider: props.betaProvider,
        project: props.project,
        location: props.region,
        connectCluster: connect.connectClusterId,
        connectorId: `${pipeline}-pubsub-sink`,
        taskRestartPolicy: { minimumBackoff: '60s', maximumBackoff: '1800s' },
        configs: {
          'connector.class': 'com.google.pubsub.kafka.sink.CloudPubSubSinkConnector',
          name: `${pipeline}-pubsub-sink`,
          'tasks.max': '3',
          topics: kafkaTopic(pipeline),
          'cps.project': props.project,
          'cps.topic': pubsubTopic(pipeline, 'raw'),
          'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
          'value.converter': 'org.apache.kafka.connect.converters.ByteArrayConverter',
        },
      });
    }
  }
}
