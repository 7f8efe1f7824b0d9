/**
 * A pipeline's Pub/Sub: the four topics of ARCHITECTURE §4 and a subscription per consumer, each
 * with an ack deadline, exponential retry backoff, retention and (except the dead-letter audit
 * subscription, which is the end of the line) a dead-letter policy. The Pub/Sub service agent
 * gets exactly what dead-lettering needs: publish on `<id>-dead-letter`, subscribe on each
 * subscription that forwards there.
 */
import { PubsubSubscription, type PubsubSubscriptionPushConfig } from '@cdktf/provider-google/lib/pubsub-subscription';
import { PubsubSubscriptionIamMember } from '@cdktf/provider-google/lib/pubsub-subscription-iam-member';
import { PubsubTopic } from '@cdktf/provider-google/lib/pubsub-topic';
import { PubsubTopicIamMember } from '@cdktf/provider-google/lib/pubsub-topic-iam-member';
import { Construct } from 'constructs';
import { pubsubSubscription, pubsubTopic, type TopicRole } from '../../pipelines/naming';
import { CONSUMERS } from '../names';
import type { Grantee } from './iam';

const TOPIC_ROLES: readonly TopicRole[] = ['raw', 'enriched', 'quarantine', 'dead-letter'];

/** Props of {@link PipelineMessaging}. */
export interface PipelineMessagingProps {
  readonly project: string;
  readonly pipeline: string;
  /** The Pub/Sub service agent (dead-lettering). */
  readonly pubsubAgent: Grantee;
  /** Delivery attempts before dead-lettering. @default 5 */
  readonly maxDeliveryAttempts?: number;
  /** Unacked-message retention. @default '604800s' (7 days, the maximum) */
  readonly retention?: string;
  /** Retry backoff bounds. @default { min: '10s', max: '600s' } */
  readonly backoff?: { readonly min: string; readonly max: string };
  readonly labels?: Readonly<Record<string, string>>;
}

/** Options of a pull subscription. */
export interface PullOptions {
  /** Seconds a drain holds a message before acking (covers its batch age plus the flush). @default 60 */
  readonly ackDeadlineSeconds?: number;
}

/** Options of a push subscription to a function. */
export interface PushOptions {
  /** HTTPS endpoint (the function URL plus the topic path the functions framework reads). */
  readonly endpoint: string;
  /** Account whose OIDC token authenticates the push. */
  readonly serviceAccountEmail: string;
  /** Token audience. */
  readonly audience: string;
  /** @default 60 */
  readonly ackDeadlineSeconds?: number;
}

/** Topics and subscriptions of one pipeline. */
export class PipelineMessaging extends Construct {
  readonly topics: Readonly<Record<TopicRole, PubsubTopic>>;
  readonly subscriptions = new Map<string, PubsubSubscription>();
  private readonly props: PipelineMessagingProps;
  private grants = 0;

  constructor(scope: Construct, id: string, props: PipelineMessagingProps) {
    super(scope, id);
    this.props = props;
    const topics = {} as Record<TopicRole, PubsubTopic>;
    for (const role of TOPIC_ROLES) {
      topics[role] = new PubsubTopic(this, role, {
        project: props.project,
        name: pubsubTopic(props.pipeline, role),
        messageRetentionDuration: props.retention ?? '604800s',
        labels: { ...props.labels, 'tributary-topic-role': role },
      });
    }
    this.topics = topics;
    new PubsubTopicIamMember(this, 'agent-publishes-dead-letter', {
      project: props.project,
      topic: topics['dead-letter'].name,
      role: 'roles/pubsub.publisher',
      member: props.pubsubAgent.member,
    });
    // Dead letters stay readable for a week; the backlog of this subscription is what alerts.
    this.subscriptions.set(
      CONSUMERS.audit,
      new PubsubSubscription(this, 'dead-letter-audit', {
        project: props.project,
        name: pubsubSubscription(props.pipeline, 'dead-letter', CONSUMERS.audit),
        topic: topics['dead-letter'].id,
        ackDeadlineSeconds: 60,
        messageRetentionDuration: '604800s',
        expirationPolicy: { ttl: '' },
        labels: props.labels,
      }),
    );
  }

  /** A pull subscription on `role` for `consumer`, dead-lettering to `<id>-dead-letter`. */
  pull(role: TopicRole, consumer: string, opts: PullOptions = {}): PubsubSubscription {
    return this.subscription(role, consumer, { ackDeadlineSeconds: opts.ackDeadlineSeconds ?? 60 });
  }

  /**
   * A pull subscription on the dead-letter topic itself, for a consumer that keeps dead letters
   * (the lake drain writes them to quarantine). It has no dead-letter policy: it would point at
   * its own topic.
   */
  deadLetters(consumer: string, opts: PullOptions = {}): PubsubSubscription {
    const name = pubsubSubscription(this.props.pipeline, 'dead-letter', consumer);
    const sub = new PubsubSubscription(this, `dead-letter-${consumer}`, {
      project: this.props.project,
      name,
      topic: this.topics['dead-letter'].id,
      ackDeadlineSeconds: opts.ackDeadlineSeconds ?? 60,
      messageRetentionDuration: '604800s',
      retainAckedMessages: false,
      expirationPolicy: { ttl: '' },
      retryPolicy: { minimumBackoff: this.props.backoff?.min ?? '10s', maximumBackoff: this.props.backoff?.max ?? '600s' },
      labels: { ...this.props.labels, 'tributary-consumer': consumer },
    });
    this.subscriptions.set(name, sub);
    return sub;
  }

  /** A push subscription on `role` delivering to a function with an OIDC token. */
  push(role: TopicRole, consumer: string, opts: PushOptions): PubsubSubscription {
    return this.subscription(role, consumer, {
      ackDeadlineSeconds: opts.ackDeadlineSeconds ?? 60,
      pushConfig: { pushEndpoint: opts.endpoint, oidcToken: { serviceAccountEmail: opts.serviceAccountEmail, audience: opts.audience } },
    });
  }

  /** Lets `to` publish on a topic (`roles/pubsub.publisher` on that topic only). */
  grantPublish(role: TopicRole, to: Grantee): void {
    new PubsubTopicIamMember(this, `publish-${role}-${++this.grants}`, {
      project: this.props.project,
      topic: this.topics[role].name,
      role: 'roles/pubsub.publisher',
      member: to.member,
    });
  }

  /** Lets `to` pull and ack on one subscription (`roles/pubsub.subscriber` on it only). */
  grantSubscribe(subscription: PubsubSubscription, to: Grantee): void {
    new PubsubSubscriptionIamMember(this, `subscribe-${++this.grants}`, {
      project: this.props.project,
      subscription: subscription.name,
      role: 'roles/pubsub.subscriber',
      member: to.member,
    });
  }

  private subscription(
    role: TopicRole,
    consumer: string,
    extra: { ackDeadlineSeconds: number; pushConfig?: PubsubSubscriptionPushConfig },
  ): PubsubSubscription {
    const name = pubsubSubscription(this.props.pipeline, role, consumer);
    const sub = new PubsubSubscription(this, `${role}-${consumer}`, {
      project: this.props.project,
      name,
      topic: this.topics[role].id,
      ackDeadlineSeconds: extra.ackDeadlineSeconds,
      pushConfig: extra.pushConfig,
      messageRetentionDuration: this.props.retention ?? '604800s',
      retainAckedMessages: false,
      expirationPolicy: { ttl: '' },
      retryPolicy: { minimumBackoff: this.props.backoff?.min ?? '10s', maximumBackoff: this.props.backoff?.max ?? '600s' },
      deadLetterPolicy: { deadLetterTopic: this.topics['dead-letter'].id, maxDeliveryAttempts: this.props.maxDeliveryAttempts ?? 5 },
      labels: { ...this.props.labels, 'tributary-consumer': consumer },
    });
    new PubsubSubscriptionIamMember(this, `agent-subscribes-${role}-${consumer}`, {
      project: this.props.project,
      subscription: sub.name,
      role: 'roles/pubsub.subscriber',
      member: this.props.pubsubAgent.member,
    });
    this.subscriptions.set(name, sub);
    return sub;
  }
}
