/**
 * Every resource type the budget knows, in one table: a pricer, or an explicit reason it is
 * free, or an explicit reason it is not priced. A type in the graph that is in none of these is
 * an error ({@link uncoveredTypes}); nothing is skipped silently.
 */
import type { Pricer, PricerContext, ComponentDraft } from '../types';
import { priceScheduledQuery, priceTable } from './bigquery';
import { priceFunction } from './functions';
import { priceAlertPolicy, priceKafkaCluster, priceKafkaConnectCluster, priceKafkaTopic, priceSchedulerJob, priceSecret, priceVpcConnector } from './platform';
import { priceSubscription, priceTopic } from './pubsub';
import { priceBucket, priceObject } from './storage';

/** How a resource type is treated. */
export type TypeRule =
  | { readonly kind: 'priced'; readonly service: string; readonly price: (ctx: PricerContext) => readonly ComponentDraft[] | { free: string } }
  | { readonly kind: 'free'; readonly service: string; readonly reason: string }
  | { readonly kind: 'not-priced'; readonly service: string; readonly reason: string };

const priced = (service: string, price: Pricer | ((ctx: PricerContext) => ComponentDraft[] | { free: string })): TypeRule => ({ kind: 'priced', service, price });
const free = (service: string, reason: string): TypeRule => ({ kind: 'free', service, reason });
const IAM = 'IAM bindings are free';

/** The rules by Terraform type. */
export const TYPE_RULES: Readonly<Record<string, TypeRule>> = {
  google_pubsub_topic: priced('Pub/Sub', priceTopic),
  google_pubsub_subscription: priced('Pub/Sub', priceSubscription),
  google_cloudfunctions2_function: priced('Cloud Run functions', priceFunction),
  google_cloud_scheduler_job: priced('Cloud Scheduler', priceSchedulerJob),
  google_storage_bucket: priced('Cloud Storage', priceBucket),
  google_storage_bucket_object: priced('Cloud Storage', priceObject),
  google_bigquery_data_transfer_config: priced('BigQuery', priceScheduledQuery),
  google_bigquery_table: priced('BigQuery', priceTable),
  google_secret_manager_secret: priced('Secret Manager', priceSecret),
  google_managed_kafka_cluster: priced('Managed Kafka', priceKafkaCluster),
  google_managed_kafka_topic: priced('Managed Kafka', priceKafkaTopic),
  google_managed_kafka_connect_cluster: priced('Managed Kafka', priceKafkaConnectCluster),
  google_vpc_access_connector: priced('Networking', priceVpcConnector),
  google_monitoring_alert_policy: priced('Cloud Monitoring', priceAlertPolicy),

  google_project_service: free('Service Usage', 'enabling an API is free; its use is priced on the resources'),
  google_service_account: free('IAM', 'service accounts are free'),
  google_project_iam_member: free('IAM', IAM),
  google_service_account_iam_member: free('IAM', IAM),
  google_pubsub_topic_iam_member: free('IAM', IAM),
  google_pubsub_subscription_iam_member: free('IAM', IAM),
  google_storage_bucket_iam_member: free('IAM', IAM),
  google_bigquery_dataset_iam_member: free('IAM', IAM),
  google_secret_manager_secret_iam_member: free('IAM', IAM),
  google_cloud_run_v2_service_iam_member: free('IAM', IAM),
  google_bigquery_dataset: free('BigQuery', 'a dataset is free; its tables, storage and queries are priced'),
  google_monitoring_notification_channel: free('Cloud Monitoring', 'notification channels are free'),
  google_managed_kafka_connector: free('Managed Kafka', 'a connector runs on its Connect cluster, which is priced'),

  google_cloud_run_v2_service: { kind: 'not-priced', service: 'Cloud Run', reason: 'Tributary deploys functions, not Cloud Run services; add a pricer (as for google_cloudfunctions2_function) before using one' },
};

/** Types present in `types` that have no rule: each one is a gap in the budget. */
export function uncoveredTypes(types: Iterable<string>): string[] {
  return [...new Set(types)].filter((t) => !(t in TYPE_RULES)).sort();
}
