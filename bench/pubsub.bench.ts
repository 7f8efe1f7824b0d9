/**
 * Pub/Sub emulator throughput and latency through the official client, with the emulator in its
 * own process (as `tributary emulators` runs it) and the clients here. 200-byte messages.
 *
 * - publishOnly: `topic.publishMessage` as fast as the client batches (1000 per batch), no subscriber;
 *   the baseline the other throughputs are divided by (same run, same machine).
 * - endToEnd: publish → StreamingPull → ack with the high-level client (`subscription.on('message')`,
 *   `message.ack()`), counted when the last message arrives; acks are flushed before the next phase.
 *   publishOnly and endToEnd run in a client process of their own (this file, re-run with
 *   PUBSUB_BENCH_ROLE=throughput), a fresh one per round, warmed up before timing; rounds alternate
 *   between Node's default flags and {@link CLIENT_NODE_FLAGS} and each figure is the median of its
 *   rounds, with every round, the client's and the emulator's CPU per message listed.
 * - rawStreamingPull: drain a backlog through the generated client's `streamingPull()` stream, acking
 *   over the stream — what the emulator sustains when the client does little per message.
 * - latency: publish at a fixed rate (5,000 msgs/s for 5 s, the publisher batching up to 5 ms), publish call →
 *   receipt, p50/p99 in ms; received once by the high-level client ('message' event) and once by
 *   the raw stream. The high-level client spends far more CPU per message than the emulator (a
 *   profile of an in-process run: the client's lease/ack queues, PreciseDate, spans and GC dominate;
 *   the emulator's code is under 5%), so on two shared cores it is the limit of endToEnd.
 *   A third run puts the high-level subscriber in its own process (this file, re-run with
 *   PUBSUB_BENCH_ROLE=subscriber) and measures wall-clock latency from a `t` attribute, after
 *   one second of the same stream as an untimed warm-up.
 *   Each latency figure is the median of three rounds (by p99); every round's p50/p99 is listed.
 * Machine: a shared 2-core box with other jobs running; absolute numbers are depressed, and the
 * client and emulator share those two cores.
 */
import { PubSub, v1, type Message } from '@google-cloud/pubsub';
import { credentials } from '@grpc/grpc-js';
import { spawn, type ChildProcess } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { median, processCpuMs, ratio } from './stats';

const SIZE = 200;
/** Rounds per client variant of the throughput figures. */
const ROUNDS = 3;

/**
 * Node flags of the tuned client process. The high-level subscriber keeps every leased message
 * (up to flow control × 5 streams) alive until it is acked, so with V8's default 16 MB
 * semi-spaces each scavenge copies tens of MB of survivors (`--trace-gc`: 30–50 ms each, GC
 * pauses 10–16 µs of the client's ~30 µs CPU per message). A larger young generation scavenges
 * less often for the same survivors: client CPU per message, interleaved runs at load 5–8, was
 * 30–35 µs with 64 MB and 22–27 µs with 128 MB (GC 11–15 vs 5–7 µs). A user running a busy Node
 * subscriber sets this with NODE_OPTIONS (it costs up to ~384 MB of young generation); the
 * emulator process is started the same way in both variants.
 */
export const CLIENT_NODE_FLAGS = ['--max-semi-space-size=128'];
const payload = Buffer.alloc(SIZE, 'x');

async function startChild(): Promise<{ address: string; child: ChildProcess }> {
  const index = join(__dirname, '..', 'emulators', 'pubsub', 'index.ts');
  const code = `require(${JSON.stringify(index)}).startPubSub({ port: 0 }).then((h) => process.stdout.write('LISTENING ' + h.url + '\\n'))`;
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  const address = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^LISTENING (\S+)$/m.exec(out);
      if (m) resolve(m[1] as string);
    });
    child.once('exit', (c) => reject(new Error(`emulator child exited with ${c} before listening; output: ${out}`)));
  });
  return { address, child };
}

const round = (x: number): number => Math.round(x);


async function publishMany(client: PubSub, topic: string, n: number): Promise<void> {
  const t = client.topic(topic, { batching: { maxMessages: 1000, maxMilliseconds: 10 } });
  const pending: Promise<string>[] = [];
  for (let i = 0; i < n; i++) {
    pending.push(t.publishMessage({ data: payload }));
    if (pending.length >= 5000) await Promise.all(pending.splice(0));
  }
  await Promise.all(pending);
  await t.flush();
}

async function publishOnly(client: PubSub, n: number): Promise<number> {
  const [topic] = await client.createTopic(`publish-only-${Date.now()}`);
  const t0 = performance.now();
  await publishMany(client, topic.name, n);
  return n / ((performance.now() - t0) / 1000);
}

async function endToEnd(client: PubSub, n: number): Promise<number> {
  const [topic] = await client.createTopic(`e2e-${Date.now()}`);
  const [sub] = await topic.createSubscription(`e2e-${Date.now()}`, { flowControl: { maxMessages: 5000 } });
  let got = 0;
  let done!: () => void;
  const finished = new Promise<void>((r) => (done = r));
  sub.on('message', (m: Message) => {
    m.ack();
    if (++got === n) done();
  });
  const t0 = performance.now();
  await publishMany(client, topic.name, n);
  await finished;
  const rate = n / ((performance.now() - t0) / 1000);
  await sub.close();
  return rate;
}

async function rawStreamingPull(client: PubSub, address: string, n: number): Promise<number> {
  const [topic] = await client.createTopic(`raw-${Date.now()}`);
  const [sub] = await topic.createSubscription(`raw-${Date.now()}`);
  await publishMany(client, topic.name, n);
  const [host, port] = address.split(':');
  const subscriber = new v1.SubscriberClient({ servicePath: host, port: Number(port), sslCreds: credentials.createInsecure() });
  const stream = subscriber.streamingPull();
  let got = 0;
  const t0 = performance.now();
  await new Promise<void>((resolve, reject) => {
    stream.on('error', reject);
    stream.on('data', (res: { receivedMessages: { ackId: string }[] }) => {
      got += res.receivedMessages.length;
      stream.write({ ackIds: res.receivedMessages.map((m) => m.ackId) });
      if (got >= n) resolve();
    });
    stream.write({ subscription: sub.name, streamAckDeadlineSeconds: 60, maxOutstandingMessages: 10_000 });
  });
  const rate = n / ((performance.now() - t0) / 1000);
  stream.end();
  stream.cancel();
  await subscriber.close();
  return rate;
}

/** Receives from `subscription`, calling `onMessage` with the `n` attribute; resolves a stop function. */
type Receiver = (subscription: string, onMessage: (n: string) => void) => Promise<() => Promise<void>>;

/** The high-level client: `subscription.on('message')`, `message.ack()`. */
const clientReceiver =
  (client: PubSub): Receiver =>
  async (name, onMessage) => {
    const sub = client.subscription(name);
    sub.on('message', (m: Message) => {
      onMessage(m.attributes.n as string);
      m.ack();
    });
    return () => sub.close();
  };

/** The generated client's raw `streamingPull()` stream, acking over the stream. */
const rawReceiver =
  (address: string): Receiver =>
  async (name, onMessage) => {
    const [host, port] = address.split(':');
    const subscriber = new v1.SubscriberClient({ servicePath: host, port: Number(port), sslCreds: credentials.createInsecure() });
    const stream = subscriber.streamingPull();
    stream.on('error', () => undefined); // cancelled on stop
    stream.on('data', (res: { receivedMessages: { ackId: string; message: { attributes: Record<string, string> } }[] }) => {
      for (const m of res.receivedMessages) onMessage(m.message.attributes.n as string);
      stream.write({ ackIds: res.receivedMessages.map((m) => m.ackId) });
    });
    stream.write({ subscription: name, streamAckDeadlineSeconds: 60, maxOutstandingMessages: 10_000 });
    return async () => {
      stream.cancel();
      await subscriber.close();
    };
  };

async function latency(client: PubSub, receiver: Receiver, rate: number, seconds: number): Promise<{ p50: number; p99: number; max: number; sent: number; received: number }> {
  const [topic] = await client.createTopic(`lat-${Date.now()}`);
  const [sub] = await topic.createSubscription(`lat-${Date.now()}`);
  const t = client.topic(topic.name, { batching: { maxMessages: 1000, maxMilliseconds: 5 } });
  const sentAt = new Map<string, number>();
  const lat: number[] = [];
  const stop = await receiver(sub.name, (n) => {
    const s = sentAt.get(n);
    if (s !== undefined) lat.push(performance.now() - s);
  });
  await new Promise((r) => setTimeout(r, 500)); // streams open
  const total = rate * seconds;
  const start = performance.now();
  let sent = 0;
  await new Promise<void>((resolve) => {
    const tick = setInterval(() => {
      const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * rate));
      for (; sent < due; sent++) {
        sentAt.set(String(sent), performance.now());
        void t.publishMessage({ data: payload, attributes: { n: String(sent) } });
      }
      if (sent >= total) {
        clearInterval(tick);
        resolve();
      }
    }, 2);
  });
  const deadline = performance.now() + 10_000;
  while (lat.length < total && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  await stop();
  lat.sort((a, b) => a - b);
  const pct = (p: number): number => Math.round((lat[Math.min(lat.length - 1, Math.floor(lat.length * p))] ?? NaN) * 100) / 100;
  return { p50: pct(0.5), p99: pct(0.99), max: pct(1), sent, received: lat.length };
}

/** Wall-clock ms with sub-ms precision, comparable across processes on one machine. */
const wallMs = (): number => performance.timeOrigin + performance.now();

/**
 * The subscriber half of the cross-process latency run: receives with the high-level client,
 * computes wall-clock latency from the `t` attribute, prints percentiles as JSON and exits.
 */
async function subscriberRole(): Promise<void> {
  const client = new PubSub({ apiEndpoint: process.env.PUBSUB_BENCH_ADDRESS, emulatorMode: true, projectId: 'bench' });
  const total = Number(process.env.PUBSUB_BENCH_TOTAL);
  const lat: number[] = [];
  const sub = client.subscription(process.env.PUBSUB_BENCH_SUBSCRIPTION as string);
  const done = new Promise<void>((resolve) => {
    sub.on('message', (m: Message) => {
      m.ack();
      if (m.attributes.w) return; // warm-up
      lat.push(wallMs() - Number(m.attributes.t));
      if (lat.length >= total) resolve();
    });
  });
  process.stdout.write('READY\n');
  await Promise.race([done, new Promise((r) => setTimeout(r, 60_000))]);
  await sub.close();
  await client.close();
  lat.sort((a, b) => a - b);
  const pct = (p: number): number => Math.round((lat[Math.min(lat.length - 1, Math.floor(lat.length * p))] ?? NaN) * 100) / 100;
  process.stdout.write(`RESULT ${JSON.stringify({ p50: pct(0.5), p99: pct(0.99), max: pct(1), received: lat.length })}\n`);
  process.exit(0);
}

/** Fixed-rate publisher here, high-level subscriber in its own process: latency without the two clients sharing one event loop. */
async function crossProcessLatency(client: PubSub, address: string, rate: number, seconds: number): Promise<Record<string, unknown>> {
  const [topic] = await client.createTopic(`xlat-${Date.now()}`);
  const [sub] = await topic.createSubscription(`xlat-${Date.now()}`);
  const total = rate * seconds;
  const child = spawn(process.execPath, ['--import', 'tsx', __filename], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, PUBSUB_BENCH_ROLE: 'subscriber', PUBSUB_BENCH_ADDRESS: address, PUBSUB_BENCH_SUBSCRIPTION: sub.name, PUBSUB_BENCH_TOTAL: String(total) },
  });
  let out = '';
  const result = new Promise<Record<string, unknown>>((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^RESULT (.*)$/m.exec(out);
      if (m) resolve(JSON.parse(m[1] as string) as Record<string, unknown>);
    });
    child.once('exit', (c) => reject(new Error(`subscriber process exited with ${c}; output: ${out}`)));
  });
  await new Promise<void>((resolve) => {
    const check = (): void => (out.includes('READY') ? resolve() : void setTimeout(check, 20));
    check();
  });
  await new Promise((r) => setTimeout(r, 1000)); // streams open
  const t = client.topic(topic.name, { batching: { maxMessages: 1000, maxMilliseconds: 5 } });
  // The first second at the same rate is a warm-up the subscriber acks without timing: a fresh
  // process compiles its receive path on the first messages, which a long-running subscriber
  // has long done (those stalls set this figure's p99 before).
  const warm = rate;
  const start = performance.now();
  let sent = 0;
  await new Promise<void>((resolve) => {
    const tick = setInterval(() => {
      const due = Math.min(warm + total, Math.floor(((performance.now() - start) / 1000) * rate));
      for (; sent < due; sent++) void t.publishMessage({ data: payload, attributes: sent < warm ? { t: String(wallMs()), w: '1' } : { t: String(wallMs()) } });
      if (sent >= warm + total) {
        clearInterval(tick);
        resolve();
      }
    }, 2);
  });
  return { ...(await result), sent: sent - warm, warmUpMessages: warm };
}

/**
 * The client half of the throughput rounds: warms up, then publishOnly and endToEnd with
 * `PUBSUB_BENCH_MESSAGES` messages; prints the rates and CPU per message as JSON and exits.
 */
async function throughputRole(): Promise<void> {
  const client = new PubSub({ apiEndpoint: process.env.PUBSUB_BENCH_ADDRESS, emulatorMode: true, projectId: 'bench' });
  const n = Number(process.env.PUBSUB_BENCH_MESSAGES);
  const emulatorPid = Number(process.env.PUBSUB_BENCH_EMULATOR_PID);
  // warm-up, as a long-running client is: JIT, connections, and V8's young generation, which
  // grows to its maximum only after some scavenges (a fresh process's first 50k messages ran at
  // about half the rate of the next)
  await publishOnly(client, 5000);
  await endToEnd(client, n);
  const pub = await publishOnly(client, n);
  const c0 = process.cpuUsage();
  const e0 = processCpuMs(emulatorPid);
  const e2e = await endToEnd(client, n);
  const cpu = process.cpuUsage(c0);
  const emulatorMs = processCpuMs(emulatorPid) - e0;
  await client.close();
  const perMsg = (us: number): number => Math.round((us / n) * 10) / 10;
  process.stdout.write(`RESULT ${JSON.stringify({ publishOnly: round(pub), endToEnd: round(e2e), clientCpuUsPerMsg: perMsg(cpu.user + cpu.system), emulatorCpuUsPerMsg: perMsg(emulatorMs * 1000) })}\n`);
  process.exit(0);
}

interface ThroughputRound {
  publishOnly: number;
  endToEnd: number;
  clientCpuUsPerMsg: number;
  emulatorCpuUsPerMsg: number;
}

/** One throughput round in a fresh client process started with `flags`. */
async function throughputRound(address: string, emulatorPid: number | undefined, n: number, flags: readonly string[]): Promise<ThroughputRound> {
  const child = spawn(process.execPath, [...flags, '--import', 'tsx', __filename], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, PUBSUB_BENCH_ROLE: 'throughput', PUBSUB_BENCH_ADDRESS: address, PUBSUB_BENCH_MESSAGES: String(n), PUBSUB_BENCH_EMULATOR_PID: String(emulatorPid) },
  });
  let out = '';
  return new Promise<ThroughputRound>((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^RESULT (.*)$/m.exec(out);
      if (m) resolve(JSON.parse(m[1] as string) as ThroughputRound);
    });
    child.once('exit', (c) => reject(new Error(`throughput client exited with ${c}; output: ${out}`)));
  });
}

/** Throughput rounds alternating default and tuned client flags; medians and every round per variant. */
async function throughput(address: string, emulatorPid: number | undefined, n: number): Promise<Record<'defaultFlags' | 'tunedFlags', Record<string, unknown>>> {
  const runs: Record<'defaultFlags' | 'tunedFlags', ThroughputRound[]> = { defaultFlags: [], tunedFlags: [] };
  for (let i = 0; i < ROUNDS; i++) {
    runs.defaultFlags.push(await throughputRound(address, emulatorPid, n, []));
    runs.tunedFlags.push(await throughputRound(address, emulatorPid, n, CLIENT_NODE_FLAGS));
  }
  const summary = (rs: ThroughputRound[]): Record<string, unknown> => {
    const pub = median(rs.map((r) => r.publishOnly));
    const e2e = median(rs.map((r) => r.endToEnd));
    return {
      publishOnlyMsgsPerS: pub,
      endToEndMsgsPerS: e2e,
      endToEndVsPublishOnly: ratio(e2e, pub),
      clientCpuUsPerMsg: median(rs.map((r) => r.clientCpuUsPerMsg)),
      emulatorCpuUsPerMsg: median(rs.map((r) => r.emulatorCpuUsPerMsg)),
      rounds: rs,
    };
  };
  return { defaultFlags: summary(runs.defaultFlags), tunedFlags: { nodeFlags: CLIENT_NODE_FLAGS, ...summary(runs.tunedFlags) } };
}

/** Runs a latency measurement three times; the median round by p99 is the figure, all rounds are kept. */
async function medianRound(run: () => Promise<Record<string, unknown>>): Promise<Record<string, unknown>> {
  const rounds: Record<string, unknown>[] = [];
  for (let i = 0; i < 3; i++) rounds.push(await run());
  const sorted = [...rounds].sort((a, b) => Number(a.p99) - Number(b.p99));
  return { ...sorted[1], roundsP50P99: rounds.map((r) => [r.p50, r.p99]) };
}

export default async (): Promise<Record<string, unknown>> => {
  const loadBefore = loadavg()[0];
  const { address, child } = await startChild();
  const client = new PubSub({ apiEndpoint: address, emulatorMode: true, projectId: 'bench' });
  try {
    await publishOnly(client, 5000); // warm-up
    const N = 50_000;
    const tp = await throughput(address, child.pid, N);
    const pub = tp.tunedFlags.publishOnlyMsgsPerS as number;
    const e2e = tp.tunedFlags.endToEndMsgsPerS as number;
    const raw = await rawStreamingPull(client, address, N);
    const latClient = await medianRound(() => latency(client, clientReceiver(client), 5000, 5));
    const latRaw = await medianRound(() => latency(client, rawReceiver(address), 5000, 5));
    const latCross = await medianRound(() => crossProcessLatency(client, address, 5000, 5));
    return {
      messageBytes: SIZE,
      messages: N,
      publishOnlyMsgsPerS: pub,
      endToEndMsgsPerS: e2e,
      endToEndNote: `median of ${ROUNDS} rounds in a client process started with ${CLIENT_NODE_FLAGS.join(' ')} (see throughput.tunedFlags; throughput.defaultFlags is the same with Node's defaults)`,
      rawStreamingPullMsgsPerS: round(raw),
      endToEndVsPublishOnly: ratio(e2e, pub),
      rawStreamingPullVsPublishOnly: ratio(raw, pub),
      throughput: tp,
      latencyAt5kMsgsPerSHighLevelClient: latClient,
      latencyAt5kMsgsPerSRawStream: latRaw,
      latencyAt5kMsgsPerSSubscriberProcess: latCross,
      goals: { throughputMsgsPerS: 30_000, p99MsAt5k: 20 },
      goalsMet: {
        throughput: e2e >= 30_000,
        throughputWithDefaultNodeFlags: (tp.defaultFlags.endToEndMsgsPerS as number) >= 30_000,
        p99At5kHighLevelClient: (latClient.p99 as number) < 20,
      },
      loadAverage1m: { before: Math.round(loadBefore * 10) / 10, after: Math.round(loadavg()[0]! * 10) / 10 },
      note: 'shared 2-core machine with other jobs (see loadAverage1m); client and emulator processes share the cores',
    };
  } finally {
    await client.close();
    child.kill();
  }
};

if (process.env.PUBSUB_BENCH_ROLE === 'subscriber') void subscriberRole();
if (process.env.PUBSUB_BENCH_ROLE === 'throughput') void throughputRole();
