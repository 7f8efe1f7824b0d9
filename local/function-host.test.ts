import { join } from 'node:path';
import { createLogger } from '../functions/shared/log';
import { FunctionHost } from './function-host';
import { freePort } from './ports';

describe('FunctionHost', () => {
  const lines: string[] = [];
  const errors: string[] = [];
  let host: FunctionHost;

  beforeAll(async () => {
    host = new FunctionHost({
      name: 'echo',
      target: 'echo',
      signature: 'http',
      port: await freePort(),
      env: { PIPELINE: 'taxi' },
      source: join(__dirname, 'test-fixtures', 'echo-function.ts'),
      log: createLogger({ sink: (l) => errors.push(l) }),
      onLine: (l) => lines.push(l),
      maxBackoffMs: 500,
    });
    await host.start();
  });
  afterAll(() => host.stop());

  it('serves the target under the real functions-framework with the env it was given', async () => {
    const body = (await (await fetch(`${host.url}/hello`)).json()) as { pipeline: string };
    expect(body.pipeline).toBe('taxi');
    expect(lines.some((l) => l.includes('"path":"/hello"'))).toBe(true);
  });

  it('restarts the function after it is killed with SIGKILL', async () => {
    const before = host.pid!;
    process.kill(before, 'SIGKILL');
    let pid: number | undefined;
    for (let i = 0; i < 100 && !pid; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const res = await fetch(`${host.url}/again`).catch(() => undefined);
      if (res?.ok) pid = ((await res.json()) as { pid: number }).pid;
    }
    expect(pid).toBeDefined();
    expect(pid).not.toBe(before);
    expect(host.restarts).toBe(1);
    expect(errors.some((l) => l.includes('restarting') && l.includes('SIGKILL'))).toBe(true);
  });
});
