import { execFile } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';
import { CommanderError } from 'commander';
import { buildProgram } from '../main';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FolderFormatError, runGenerate, runGenerateFolder } from './generate';
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

/** Runs `tributary <args>` in process and returns what it wrote to stderr, or throws its error. */
async function runInProcess(args: string[]): Promise<{ error?: unknown; stderr: string }> {
  const program = buildProgram();
  let stderr = '';
  for (const cmd of [program, ...program.commands]) cmd.exitOverride().configureOutput({ writeErr: (s) => { stderr += s; }, writeOut: () => undefined });
  try {
    await program.parseAsync(args, { from: 'user' });
    return { stderr };
  } catch (error) {
    return { error, stderr };
  }
}

describe('tributary generate', () => {
  it.each(generatorIds())('%s: same seed gives identical bytes, another seed different ones', async (id) => {
    for (const format of ['ndjson', 'csv', 'json'] as const) {
      const a = await generateText(id, 7, format);
      expect(await generateText(id, 7, format)).toBe(a);
      expect(await generateText(id, 8, format)).not.toBe(a);
    }
  });

  it('prints 1000 NDJSON records for taxi --count 1000 --seed 7, the same bytes as another run', async () => {
    const { stdout, stderr } = await run('node', [bin, 'generate', 'taxi', '--count', '1000', '--seed', '7'], { maxBuffer: 64 << 20 });
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1000);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    expect(stderr).toBe('');
    // A second run, in this process: byte-identical to the spawned one.
    expect(await generateText('taxi', 7, 'ndjson', 1000)).toBe(stdout);
  });

  it('answers an unknown id with the valid ids', async () => {
    const { error } = await runInProcess(['generate', 'nope']);
    expect(String(error)).toContain(`valid ids: ${generatorIds().join(', ')}`);
  });

  it('answers an unknown format or a bad count with what to type instead', async () => {
    const format = await runInProcess(['generate', 'taxi', '--format', 'xml']);
    expect(format.error).toBeInstanceOf(CommanderError);
    expect(format.stderr).toContain('valid formats: ndjson, csv, json');
    const count = await runInProcess(['generate', 'taxi', '--count', 'many']);
    expect(count.stderr).toContain('count must be an integer >= 0, got "many"');
  });

  it('--format folder writes the iot dataset layout, and says which pipelines have one otherwise', () => {
    const dir = mkdtempSync(join(tmpdir(), 'generate-folder-'));
    try {
      expect(runGenerateFolder({ id: 'iot', count: 255 * 2, seed: 1, dir })).toHaveLength(255);
      expect(() => runGenerateFolder({ id: 'taxi', count: 1, seed: 1, dir })).toThrow('file layout (iot, retail)');
      expect(() => runGenerateFolder({ id: 'iot', count: 1, seed: 1 })).toThrow(FolderFormatError);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
