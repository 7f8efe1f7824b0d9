/**
 * Cloud Run functions (2nd gen, `google_cloudfunctions2_function`), billed as Cloud Run:
 * vCPU-seconds and GiB-seconds rounded up to 100 ms per request, requests, idle minimum
 * instances, and, with CPU always allocated (`cpu_always_allocated: true` in usage), the
 * instance-based rates instead. Also the function's internet egress, its request and
 * application logs, and Eventarc delivery for event triggers.
 *
 * Usage keys (Infracost's where they exist): `monthly_function_invocations`,
 * `request_duration_ms`, `monthly_outbound_data_gb`, `log_bytes_per_invocation`,
 * `cpu_always_allocated`, `concurrency` (requests sharing an instance; default the function's
 * `max_instance_request_concurrency`, else 1).
 */
import { GIB, TIB } from '../catalog';
import type { ComponentDraft, PricerContext } from '../types';
import { block, num, SECONDS_PER_MONTH } from './util';

/** Memory string of a function (`256M`, `512Mi`, `1G`, `2Gi`) in MiB. */
export function memoryMib(v: unknown): number {
  if (typeof v !== 'string') return 256;
  const m = /^(\d+(?:\.\d+)?)\s*(M|Mi|G|Gi|MB|GB)?$/i.exec(v.trim());
  if (!m) return 256;
  const n = Number(m[1]);
  return /^g/i.test(m[2] ?? 'M') ? n * 1024 : n;
}

/** vCPUs Cloud Run functions give a memory size when `available_cpu` is not set. */
export function defaultCpu(mib: number): number {
  if (mib <= 128) return 0.083;
  if (mib <= 256) return 0.167;
  if (mib <= 512) return 0.333;
  if (mib <= 1024) return 0.583;
  if (mib <= 2048) return 1;
  if (mib <= 8192) return 2;
  if (mib <= 16384) return 4;
  return 8;
}

/** Billable seconds of one request: rounded up to the next 100 ms. */
export const billableSeconds = (ms: number): number => Math.ceil(ms / 100) / 10;

/** google_cloudfunctions2_function */
export function priceFunction(ctx: PricerContext): ComponentDraft[] {
  const service = block(ctx.config.service_config) ?? {};
  const mib = memoryMib(service.available_memory);
  const cpu = service.available_cpu !== undefined ? Number(service.available_cpu) : defaultCpu(mib);
  const gib = mib / 1024;
  const invocations = num(ctx.usage, 'monthly_function_invocations');
  const concurrency = Math.max(1, num(ctx.usage, 'concurrency', Number(service.max_instance_request_concurrency ?? 1)));
  const seconds = (invocations * billableSeconds(num(ctx.usage, 'request_duration_ms'))) / concurrency;
  const alwaysOn = ctx.usage.cpu_always_allocated === true || ctx.usage.cpu_always_allocated === 'true';
  const out: ComponentDraft[] = alwaysOn
    ? [
        { name: `CPU (${cpu} vCPU, always allocated)`, priceId: 'run.instanceCpu', quantity: seconds * cpu },
        { name: `Memory (${mib} MiB, always allocated)`, priceId: 'run.instanceMemory', quantity: seconds * gib },
      ]
    : [
        { name: `CPU (${cpu} vCPU)`, priceId: 'run.cpu', quantity: seconds * cpu },
        { name: `Memory (${mib} MiB)`, priceId: 'run.memory', quantity: seconds * gib },
        { name: 'Requests', priceId: 'run.requests', quantity: invocations / 1e6 },
      ];
  const minInstances = Number(service.min_instance_count ?? 0);
  if (minInstances > 0) {
    const idle = Math.max(0, minInstances * SECONDS_PER_MONTH - seconds);
    out.push({ name: `Idle minimum instances (${minInstances})`, priceId: alwaysOn ? 'run.instanceCpu' : 'run.idleCpu', quantity: idle * cpu });
    out.push({ name: `Idle minimum instances memory (${minInstances})`, priceId: alwaysOn ? 'run.instanceMemory' : 'run.idleMemory', quantity: idle * gib });
  }
  const egress = num(ctx.usage, 'monthly_outbound_data_gb');
  if (egress > 0) out.push({ name: 'Internet egress', priceId: 'egress.internet', quantity: egress });
  const logBytes = num(ctx.usage, 'log_bytes_per_invocation');
  if (logBytes > 0) out.push({ name: 'Log ingestion', priceId: 'logging.ingestion', quantity: (invocations * logBytes) / GIB });
  if (ctx.config.event_trigger) {
    out.push({ name: 'Eventarc events (Google source)', priceId: 'eventarc.googleEvents', quantity: invocations / 1e6 });
    // The transport topic is billed at Pub/Sub rates: one publish and one push per event, 1,000 bytes minimum each.
    out.push({ name: 'Eventarc transport (Pub/Sub publish and push, 1,000-byte minimum)', priceId: 'pubsub.throughput', quantity: (2 * invocations * 1000) / TIB });
  }
  return out;
}
