/**
 * Pub/Sub: throughput (publish on topics, delivery on subscriptions), billed per request with a
 * 1,000-byte minimum, and retained-message storage.
 *
 * Usage keys: `monthly_message_data_tb` (Infracost; billable TiB, overrides the rest),
 * `monthly_messages`, `avg_message_bytes`, `messages_per_request` (default 1),
 * `storage_gb` / `snapshot_storage_gb` (Infracost; GiB retained).
 */
import { TIB } from '../catalog';
import type { ComponentDraft, PricerContext, UsageValues } from '../types';
import { durationSeconds, num } from './util';

/** Billable TiB a month: each request counts at least 1,000 bytes. */
export function billableTib(usage: UsageValues): number {
  if (usage.monthly_message_data_tb !== undefined) return num(usage, 'monthly_message_data_tb');
  const messages = num(usage, 'monthly_messages');
  const bytes = num(usage, 'avg_message_bytes');
  const perRequest = Math.max(1, num(usage, 'messages_per_request', 1));
  const requests = messages / perRequest;
  return (requests * Math.max(1000, perRequest * bytes)) / TIB;
}

/** GiB held on average when `retentionSeconds` of a month's data is kept. */
function retainedGib(usage: UsageValues, retentionSeconds: number): number {
  const monthlyBytes = num(usage, 'monthly_messages') * num(usage, 'avg_message_bytes');
  return (monthlyBytes * Math.min(1, retentionSeconds / (730 * 3600))) / 2 ** 30;
}

/** google_pubsub_topic */
export function priceTopic(ctx: PricerContext): ComponentDraft[] {
  const out: ComponentDraft[] = [{ name: 'Publish throughput', priceId: 'pubsub.throughput', quantity: billableTib(ctx.usage) }];
  const retention = durationSeconds(ctx.config.message_retention_duration);
  const storage = ctx.usage.storage_gb !== undefined ? num(ctx.usage, 'storage_gb') : retention ? retainedGib(ctx.usage, retention) : 0;
  if (storage > 0 || retention) out.push({ name: 'Topic message retention', priceId: 'pubsub.storage', quantity: storage });
  return out;
}

/** google_pubsub_subscription */
export function priceSubscription(ctx: PricerContext): ComponentDraft[] {
  const out: ComponentDraft[] = [{ name: ctx.config.push_config ? 'Push delivery throughput' : 'Pull delivery throughput', priceId: 'pubsub.throughput', quantity: billableTib(ctx.usage) }];
  const retainAcked = ctx.config.retain_acked_messages === true;
  const retention = durationSeconds(ctx.config.message_retention_duration) ?? 7 * 86400;
  const storage = ctx.usage.storage_gb !== undefined ? num(ctx.usage, 'storage_gb') : retainAcked ? retainedGib(ctx.usage, retention) : 0;
  if (storage > 0 || retainAcked) out.push({ name: 'Retained acknowledged messages', priceId: 'pubsub.storage', quantity: storage });
  const snapshots = num(ctx.usage, 'snapshot_storage_gb');
  if (snapshots > 0) out.push({ name: 'Snapshots', priceId: 'pubsub.storage', quantity: snapshots });
  return out;
}
