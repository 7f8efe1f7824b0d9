import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeGcsConformance } from './conformance';

const roots: string[] = [];
afterAll(async () => {
  for (const r of roots) await rm(r, { recursive: true, force: true });
});

describeGcsConformance({
  name: 'the filesystem backend',
  options: async () => {
    const root = await mkdtemp(join(tmpdir(), 'gcs-fs-'));
    roots.push(root);
    return { root };
  },
});
