import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { type Command, InvalidArgumentError } from 'commander';
import { FORMATS, type Format, isFormat, serialize } from '../../pipelines/generators/format';
import { FOLDER_WRITERS, generatorIds, getGenerator } from '../../pipelines/generators';
import { ProgressBar } from '../../pipelines/replay/progress';

/** Options of `tributary generate`, after parsing. */
export interface GenerateRequest {
  readonly id: string;
  readonly count: number;
  readonly seed: number;
  readonly format: Format;
  /** Time of the first event. @default the generator's fixed DEFAULT_START */
  readonly start?: Date;
  /** Share of deliberately defective samples. @default the generator's own default */
  readonly defectRate?: number;
}

/** Flushes to the stream in chunks of about this many bytes. */
const FLUSH_BYTES = 64 * 1024;

/**
 * Writes the generated events to `out`, honouring back-pressure. `onProgress` is called after
 * each flush with the number of events written so far.
 */
export async function runGenerate(request: GenerateRequest, out: Writable, onProgress?: (written: number) => void): Promise<number> {
  const generator = getGenerator(request.id);
  let written = 0;
  function* events() {
    for (const s of generator.generate(request)) {
      written++;
      yield s.event;
    }
  }
  let buffer = '';
  const flush = async (): Promise<void> => {
    if (!buffer) return;
    const ok = out.write(buffer);
    buffer = '';
    if (!ok) await new Promise<void>((resolve, reject) => {
      const onError = (err: Error) => { out.off('drain', onDrain); reject(err); };
      const onDrain = () => { out.off('error', onError); resolve(); };
      out.once('drain', onDrain).once('error', onError);
    });
    onProgress?.(written);
  };
  for (const chunk of serialize(events(), request.format)) {
    buffer += chunk;
    if (buffer.length >= FLUSH_BYTES) await flush();
  }
  await flush();
  return written;
}

function parseInteger(name: string, min?: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isSafeInteger(n) || (min !== undefined && n < min)) {
      const bound = min === undefined ? '' : ` >= ${min}`;
      throw new InvalidArgumentError(`${name} must be an integer${bound}, got "${value}"; e.g. --${name} 7`);
    }
    return n;
  };
}

/** `folder`: the pipeline's own file layout, for the pipelines in FOLDER_WRITERS. */
const FOLDER = 'folder';
const ALL_FORMATS = [...FORMATS, FOLDER];

function parseFormat(value: string): Format | typeof FOLDER {
  if (!isFormat(value) && value !== FOLDER) throw new InvalidArgumentError(`unknown format "${value}"; valid formats: ${ALL_FORMATS.join(', ')}`);
  return value;
}

/** Thrown when `--format folder` is asked of a pipeline without a folder layout, or without --out. */
export class FolderFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FolderFormatError';
  }
}

/** Writes the folder layout of `id` into `dir`; returns the files written. */
export function runGenerateFolder(request: Omit<GenerateRequest, 'format'> & { readonly dir?: string }): string[] {
  const writer = FOLDER_WRITERS[request.id];
  const withFolders = Object.keys(FOLDER_WRITERS).join(', ');
  if (!writer) throw new FolderFormatError(`--format folder is for pipelines with a file layout (${withFolders}); use ndjson, csv or json for ${request.id}`);
  if (!request.dir) throw new FolderFormatError(`--format folder writes several files: pass the folder with --out, e.g. --out sample/${request.id}`);
  return writer.write({ ...request, dir: request.dir });
}

function parseStart(value: string): Date {
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) throw new InvalidArgumentError(`"${value}" is not a time; pass ISO 8601, e.g. --start 2025-01-06T00:00:00Z`);
  return d;
}

function parseRate(value: string): number {
  const n = Number(value);
  if (!(n >= 0 && n <= 1)) throw new InvalidArgumentError(`defect rate must be between 0 and 1, got "${value}"; e.g. --defect-rate 0.05`);
  return n;
}

interface GenerateFlags {
  count: number;
  seed: number;
  format: Format | typeof FOLDER;
  out?: string;
  start?: Date;
  defectRate?: number;
}

/** `tributary generate <id>`: deterministic sample data (same seed → byte-identical output). */
export function register(program: Command): void {
  program
    .command('generate')
    .description('Print deterministic sample data for a pipeline (same seed, same bytes)')
    .argument('<id>', `pipeline id: ${generatorIds().join(', ')}`)
    .option('--count <n>', 'number of events', parseInteger('count', 0), 1000)
    .option('--seed <s>', 'PRNG seed (integer)', parseInteger('seed'), 1)
    .option('--format <f>', `output format: ${FORMATS.join(', ')}, or folder (with --out) for ${Object.entries(FOLDER_WRITERS).map(([id, w]) => `${id}: ${w.layout}`).join('; ')}`, parseFormat, 'ndjson' as Format)
    .option('--out <file>', 'write to this file instead of stdout')
    .option('--start <time>', 'time of the first event, ISO 8601 (default: a fixed 2025-01-06T00:00:00Z)', parseStart)
    .option('--defect-rate <r>', 'share of deliberately defective events, 0..1 (default: the pipeline\'s own, 0 but for retail)', parseRate)
    .action(async (id: string, flags: GenerateFlags) => {
      const generator = getGenerator(id); // fails early, listing valid ids
      const common = { id: generator.id, count: flags.count, seed: flags.seed, start: flags.start, defectRate: flags.defectRate };
      if (flags.format === FOLDER) {
        const files = runGenerateFolder({ ...common, dir: flags.out });
        process.stderr.write(`${generator.id}: ${flags.count} events in ${files.length} files under ${String(flags.out)}\n`);
        return;
      }
      const request: GenerateRequest = { ...common, format: flags.format };
      if (!flags.out) {
        try {
          await runGenerate(request, process.stdout);
        } catch (err) {
          // The reader went away (`generate ... | head`): stop quietly, as other Unix tools do.
          if ((err as NodeJS.ErrnoException).code !== 'EPIPE') throw err;
        }
        return;
      }
      const file = createWriteStream(flags.out);
      // Drawn only when stderr is a TTY; stdout output never gets a bar.
      const bar = new ProgressBar({ label: generator.id, total: request.count });
      let shown = 0;
      await runGenerate(request, file, (written) => {
        bar.tick(written - shown);
        shown = written;
      });
      await new Promise<void>((resolve, reject) => file.end((err?: Error | null) => (err ? reject(err) : resolve())));
      bar.done();
    });
}
