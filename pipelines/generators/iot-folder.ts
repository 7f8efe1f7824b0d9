/**
 * Writes iot sample data in the public smart-building dataset's layout: one folder per room,
 * one `<sensor>.csv` per sensor, lines `timestamp,value` (unix seconds, no header, as in the
 * dataset). The replay reader (`pipelines/replay`) reads this layout back.
 */
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { iotGenerator } from './iot';
import type { GeneratorOptions } from './types';

/** Buffered bytes across all files before they are appended to disk. */
const FLUSH_BYTES = 1 << 20;

/** Options of {@link writeIotFolder}: the generator's options plus the target folder. */
export interface IotFolderOptions extends GeneratorOptions {
  /** Folder to write into (created if missing; existing sensor files are replaced). */
  readonly dir: string;
}

/** Writes `count` readings under `dir` and returns the files written (relative paths). */
export function writeIotFolder(options: IotFolderOptions): string[] {
  const pending = new Map<string, string>();
  const created = new Set<string>();
  let buffered = 0;
  const flush = () => {
    for (const [file, text] of pending) {
      if (created.has(file)) appendFileSync(join(options.dir, file), text);
      else {
        mkdirSync(join(options.dir, file, '..'), { recursive: true });
        writeFileSync(join(options.dir, file), text);
        created.add(file);
      }
    }
    pending.clear();
    buffered = 0;
  };
  for (const { event } of iotGenerator.generate(options)) {
    const file = `${String(event.room)}/${String(event.sensor_type)}.csv`;
    const line = `${String(event.timestamp)},${String(event.value)}\n`;
    pending.set(file, (pending.get(file) ?? '') + line);
    buffered += line.length;
    if (buffered >= FLUSH_BYTES) flush();
  }
  flush();
  return [...created].sort();
}
