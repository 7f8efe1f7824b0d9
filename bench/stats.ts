/**
 * Small measurement helpers shared by the benchmarks: the median of rounds, a ratio to a
 * baseline, and the CPU time another process has used.
 */
import { readFileSync } from 'node:fs';

/** The median of the rounds (the upper one of an even count). */
export const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** `x / base` to two decimals. */
export const ratio = (x: number, base: number): number => Math.round((x / base) * 100) / 100;

/** CPU ms a process has used so far (Linux /proc), or NaN elsewhere. */
export function processCpuMs(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * (1000 / 100); // USER_HZ is 100 on Linux
  } catch {
    return NaN;
  }
}
