/**
 * Alerts per pipeline: a dead-letter backlog (any message on `<id>-dead-letter-audit`), the
 * oldest unacked message age on the pipeline's subscriptions, and the 5xx rate of its functions.
 * They notify an e-mail channel from the stack config when one is set.
 */
import { MonitoringAlertPolicy } from '@cdktf/provider-google/lib/monitoring-alert-policy';
import { MonitoringNotificationChannel } from '@cdktf/provider-google/lib/monitoring-notification-channel';
import { Construct } from 'constructs';
import { pubsubSubscription } from '../../pipelines/naming';
import { CONSUMERS } from '../names';

/** Props of {@link Monitoring}. */
export interface MonitoringProps {
  readonly project: string;
  /** Alert e-mail; policies without a channel when undefined. @default undefined */
  readonly alertEmail?: string;
  /** @default 600 */
  readonly oldestUnackedAlertSeconds?: number;
  /** 5xx responses per second. @default 0.1 */
  readonly functionErrorRateAlert?: number;
}

/** The alert channel and the per-pipeline policies. */
export class Monitoring extends Construct {
  private readonly channels: string[];
  private readonly props: MonitoringProps;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    this.props = props;
    this.channels = props.alertEmail
      ? [new MonitoringNotificationChannel(this, 'email', { project: props.project, displayName: 'Tributary alerts', type: 'email', labels: { email_address: props.alertEmail } }).name]
      : [];
  }

  /** The three alert policies of a pipeline; `functions` are the Cloud Run service names. */
  addPipeline(pipeline: string, functions: readonly string[]): void {
    const scope = new Construct(this, pipeline);
    const common = { project: this.props.project, combiner: 'OR', notificationChannels: this.channels, userLabels: { 'tributary-pipeline': pipeline } };
    const subs = `resource.type = "pubsub_subscription" AND resource.labels.subscription_id = starts_with("${pipeline}-")`;
    new MonitoringAlertPolicy(scope, 'dead-letter-backlog', {
      ...common,
      displayName: `${pipeline}: messages in the dead-letter topic`,
      documentation: { content: `Messages failed ${pipeline}'s consumers too many times. Inspect them with \`gcloud pubsub subscriptions pull ${pubsubSubscription(pipeline, 'dead-letter', CONSUMERS.audit)}\`.`, mimeType: 'text/markdown' },
      conditions: [{
        displayName: 'dead-letter backlog > 0',
        conditionThreshold: {
          filter: `resource.type = "pubsub_subscription" AND resource.labels.subscription_id = "${pubsubSubscription(pipeline, 'dead-letter', CONSUMERS.audit)}" AND metric.type = "pubsub.googleapis.com/subscription/num_undelivered_messages"`,
          comparison: 'COMPARISON_GT',
          thresholdValue: 0,
          duration: '60s',
          aggregations: [{ alignmentPeriod: '60s', perSeriesAligner: 'ALIGN_MAX' }],
        },
      }],
    });
    new MonitoringAlertPolicy(scope, 'oldest-unacked', {
      ...common,
      displayName: `${pipeline}: oldest unacked message age`,
      documentation: { content: `A ${pipeline} consumer is falling behind: check its drain function's logs and scheduler job.`, mimeType: 'text/markdown' },
      conditions: [{
        displayName: `oldest unacked > ${this.props.oldestUnackedAlertSeconds ?? 600}s`,
        conditionThreshold: {
          filter: `${subs} AND metric.type = "pubsub.googleapis.com/subscription/oldest_unacked_message_age"`,
          comparison: 'COMPARISON_GT',
          thresholdValue: this.props.oldestUnackedAlertSeconds ?? 600,
          duration: '300s',
          aggregations: [{ alignmentPeriod: '60s', perSeriesAligner: 'ALIGN_MAX' }],
        },
      }],
    });
    const names = functions.map((f) => `"${f}"`).join(', ');
    new MonitoringAlertPolicy(scope, 'function-errors', {
      ...common,
      displayName: `${pipeline}: function error rate`,
      documentation: { content: `A ${pipeline} function answers 5xx: read its logs in Cloud Logging (resource cloud_run_revision).`, mimeType: 'text/markdown' },
      conditions: [{
        displayName: `5xx > ${this.props.functionErrorRateAlert ?? 0.1}/s`,
        conditionThreshold: {
          filter: `resource.type = "cloud_run_revision" AND resource.labels.service_name = one_of(${names}) AND metric.type = "run.googleapis.com/request_count" AND metric.labels.response_code_class = "5xx"`,
          comparison: 'COMPARISON_GT',
          thresholdValue: this.props.functionErrorRateAlert ?? 0.1,
          duration: '300s',
          aggregations: [{ alignmentPeriod: '60s', perSeriesAligner: 'ALIGN_RATE', crossSeriesReducer: 'REDUCE_SUM', groupByFields: ['resource.labels.service_name'] }],
        },
      }],
    });
  }
}
