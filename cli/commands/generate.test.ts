import { execFile } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';
import { runGenerate } from './generate';
import { generatorIds } from '../../pipelines/generators';

const run = promisify(execFile);
const bin = `${__dirname}/../../bin/tributary.js`;

async function generateText(id: string, seed: number, format: 'ndjson' | 'csv' | 'json' = 'ndjson', count = 200): Promise<string> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await runGenerate({ id, count, seed, format }, out);
  return Buffer.concat(chunks).toString('utf8');
}

describe('tributary generate', () => {
  it.each(generatorIds())('%s: same seed gives identical bytes, another seed different ones', async (id) => {
    for (const format of ['ndjson', 'csv', 'json'] as const) {
      const a = await generateText(id, 7, format);
      expect(await generateText(id, 7, format)).toBe(a);
      expect(await generateText(id, 8, format)).not.toBe(a);
    }
  });

  it('prints 1000 NDJSON records for taxi --count 1000 --seed 7, identical on a second run', async () => {
    const args = [bin, 'generate', 'taxi', '--count', '1000', '--seed', '7'];
    const [first, second] = [await run('node', args, { maxBuffer: 64 << 20 }), await run('node', args, { maxBuffer: 64 << 20 })];
    const lines = first.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1000);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    expect(second.stdout).toBe(first.stdout);
    expect(first.stderr).toBe('');
  });

  it('answers an unknown id or format with the valid values', async () => {
    await expect(run('node', [bin, 'generate', 'nope'])).rejects.toMatchObject({ stderr: expect.stringContaining(`valid ids: ${generatorIds().join(', ')}`) });
    await expect(run('node', [bin, 'generate', 'taxi', '--format', 'xml'])).rejects.toMatchObject({ stderr: expect.stringContaining('valid formats: ndjson, csv, json') });
  });
});
