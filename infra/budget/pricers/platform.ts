/**
 * Cloud Scheduler jobs, Secret Manager, Managed Kafka (cluster, topics, Connect), the
 * Serverless VPC Access connector and alerting policies.
 *
 * Usage keys: secrets `active_secret_versions` (default 1), `monthly_access_operations`;
 * Kafka clusters `monthly_psc_data_gb`; Kafka topics `storage_gb`, `monthly_written_gb`; connectors `instance_hours` (default min_instances × 730).
 */
import type { ComponentDraft, PricerContext } from '../types';
import { block, HOURS_PER_MONTH, num } from './util';

/** DCUs of a cluster: 0.6 per vCPU plus 0.1 per GiB of RAM. */
export function dcus(vcpu: number, memoryBytes: number): number {
  return 0.6 * vcpu + (0.1 * memoryBytes) / 2 ** 30;
}

/** google_cloud_scheduler_job: a job billed every day of the month (paused jobs too). */
export function priceSchedulerJob(): ComponentDraft[] {
  return [{ name: 'Job', priceId: 'scheduler.job', quantity: HOURS_PER_MONTH / 24 }];
}

/** google_secret_manager_secret */
export function priceSecret(ctx: PricerContext): ComponentDraft[] {
  return [
    { name: 'Active secret versions', priceId: 'secrets.version', quantity: num(ctx.usage, 'active_secret_versions', 1) },
    { name: 'Access operations', priceId: 'secrets.access', quantity: num(ctx.usage, 'monthly_access_operations') / 10_000 },
  ];
}

function capacity(ctx: PricerContext): { vcpu: number; memoryBytes: number } {
  const c = block(ctx.config.capacity_config) ?? {};
  return { vcpu: Number(c.vcpu_count ?? 3), memoryBytes: Number(c.memory_bytes ?? 3 * 2 ** 30) };
}

/** google_managed_kafka_cluster: compute around the clock, local broker storage, and the PSC endpoints clients connect through. */
export function priceKafkaCluster(ctx: PricerContext): ComponentDraft[] {
  const { vcpu, memoryBytes } = capacity(ctx);
  const access = block(block(ctx.config.gcp_config)?.access_config);
  const endpoints = Array.isArray(access?.network_configs) ? access.network_configs.length : 1;
  return [
    { name: `Compute (${vcpu} vCPU, ${memoryBytes / 2 ** 30} GiB = ${Math.round(dcus(vcpu, memoryBytes) * 1000) / 1000} DCU)`, priceId: 'kafka.dcu', quantity: dcus(vcpu, memoryBytes) * HOURS_PER_MONTH },
    { name: 'Local broker storage (100 GiB per vCPU)', priceId: 'kafka.localStorage', quantity: 100 * vcpu },
    { name: `Private Service Connect endpoints (${endpoints})`, priceId: 'psc.endpoint', quantity: endpoints * HOURS_PER_MONTH },
    { name: 'Private Service Connect data (produce and consume)', priceId: 'psc.data', quantity: num(ctx.usage, 'monthly_psc_data_gb') },
  ];
}

/**
 * google_managed_kafka_topic: persistent storage of what it retains (one replica billed) and the
 * inter-zone transfer of replicating what is written to the other `replication_factor - 1` brokers.
 */
export function priceKafkaTopic(ctx: PricerContext): ComponentDraft[] {
  const replicas = Math.max(1, Number(ctx.config.replication_factor ?? 3));
  return [
    { name: 'Persistent storage', priceId: 'kafka.persistentStorage', quantity: num(ctx.usage, 'storage_gb') },
    { name: `Replication between zones (× ${replicas - 1})`, priceId: 'network.interZone', quantity: num(ctx.usage, 'monthly_written_gb') * (replicas - 1) },
  ];
}

/** google_managed_kafka_connect_cluster: compute around the clock. */
export function priceKafkaConnectCluster(ctx: PricerContext): ComponentDraft[] {
  const { vcpu, memoryBytes } = capacity(ctx);
  return [{ name: `Connect compute (${vcpu} vCPU, ${memoryBytes / 2 ** 30} GiB)`, priceId: 'kafka.dcu', quantity: dcus(vcpu, memoryBytes) * HOURS_PER_MONTH }];
}

/** google_vpc_access_connector: its e2-micro instances, at least min_instances all month. */
export function priceVpcConnector(ctx: PricerContext): ComponentDraft[] {
  const min = Number(ctx.config.min_instances ?? 2);
  return [{ name: `Connector instances (min ${min})`, priceId: 'vpcaccess.instance', quantity: num(ctx.usage, 'instance_hours', min * HOURS_PER_MONTH) }];
}

/** google_monitoring_alert_policy: one unit per condition. */
export function priceAlertPolicy(ctx: PricerContext): ComponentDraft[] {
  const conditions = Array.isArray(ctx.config.conditions) ? ctx.config.conditions.length : 1;
  return [{ name: 'Alert conditions', priceId: 'monitoring.alertCondition', quantity: conditions }];
}
