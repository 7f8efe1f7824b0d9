/**
 * Cloud Storage: storage by class and location, Class A and B operations, lifecycle
 * transitions (a SetStorageClass is a Class A operation at the target class's rate) and
 * Nearline retrieval.
 *
 * Usage keys (Infracost's where they exist): `storage_gb` (in the bucket's default class),
 * `nearline_storage_gb`, `monthly_class_a_operations`, `monthly_class_b_operations`,
 * `monthly_lifecycle_transitions`, `monthly_data_retrieval_gb`; on an object, `object_size_bytes`.
 */
import { GIB } from '../catalog';
import type { ComponentDraft, PricerContext } from '../types';
import { num } from './util';

const CLASSES = ['standard', 'nearline', 'coldline', 'archive'] as const;
type StorageClass = (typeof CLASSES)[number];

function storageClass(v: unknown): StorageClass {
  const c = String(v ?? 'STANDARD').toLowerCase();
  return (CLASSES as readonly string[]).includes(c) ? (c as StorageClass) : 'standard';
}

/** google_storage_bucket */
export function priceBucket(ctx: PricerContext): ComponentDraft[] {
  const cls = storageClass(ctx.config.storage_class);
  const out: ComponentDraft[] = [{ name: `${cls[0].toUpperCase()}${cls.slice(1)} storage`, priceId: `gcs.${cls}.storage`, quantity: num(ctx.usage, 'storage_gb') }];
  const nearline = num(ctx.usage, 'nearline_storage_gb');
  if (nearline > 0) out.push({ name: 'Nearline storage (after lifecycle)', priceId: 'gcs.nearline.storage', quantity: nearline });
  const opsClass = cls === 'nearline' ? 'nearline' : 'standard';
  out.push({ name: 'Class A operations', priceId: `gcs.${opsClass}.classA`, quantity: num(ctx.usage, 'monthly_class_a_operations') / 1000 });
  out.push({ name: 'Class B operations', priceId: `gcs.${opsClass}.classB`, quantity: num(ctx.usage, 'monthly_class_b_operations') / 1000 });
  const transitions = num(ctx.usage, 'monthly_lifecycle_transitions');
  if (transitions > 0) out.push({ name: 'Lifecycle transitions to Nearline', priceId: 'gcs.nearline.classA', quantity: transitions / 1000 });
  const retrieval = num(ctx.usage, 'monthly_data_retrieval_gb');
  if (retrieval > 0) out.push({ name: 'Nearline retrieval', priceId: 'gcs.nearline.retrieval', quantity: retrieval });
  return out;
}

/** google_storage_bucket_object: its bytes in the bucket's class (the function source archive). */
export function priceObject(ctx: PricerContext): ComponentDraft[] {
  return [{ name: 'Standard storage', priceId: 'gcs.standard.storage', quantity: num(ctx.usage, 'object_size_bytes') / GIB }];
}
