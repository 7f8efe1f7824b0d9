/**
 * The storage conformance suite: what every {@link Storage} must do, run over memory and files
 * by `storage.test.ts`.
 */
import { encodeBatch, encodeRecords } from '../protocol/records';
import type { Storage } from './types';

const batch = (n: number, ts = 1000): Buffer =>
  encodeBatch({ payload: encodeRecords(Array.from({ length: n }, (_, i) => ({ value: Buffer.from(`v${i}`) })), ts), count: n, baseTimestamp: ts });

/** Registers the suite; `make` returns a fresh storage, `reopen` the same one after a restart (or undefined when it forgets). */
export function storageConformance(name: string, make: () => Storage, reopen?: (s: Storage) => Storage): void {
  describe(`${name} storage`, () => {
    test('appends assign consecutive offsets and reads start at the batch holding the offset', () => {
      const s = make();
      const log = s.openLog('t', 0);
      expect(log.append(batch(3), 2, 1000)).toBe(0);
      expect(log.append(batch(2), 1, 2000)).toBe(3);
      expect(log.nextOffset).toBe(5);
      expect(log.read(4, 1 << 20)).toHaveLength(1);
      expect(Number(log.read(4, 1 << 20)[0]!.readBigInt64BE(0))).toBe(3);
      expect(log.read(5, 1 << 20)).toEqual([]);
      expect(log.offsetForTimestamp(1500)).toBe(3);
      s.close();
    });

    test('at least one batch is returned even past maxBytes', () => {
      const s = make();
      const log = s.openLog('t', 0);
      log.append(batch(100), 99, 1000);
      log.append(batch(100), 99, 1000);
      expect(log.read(0, 1)).toHaveLength(1);
      s.close();
    });

    test('committed offsets: the latest commit wins and deleting a group drops them', () => {
      const s = make();
      s.commitOffsets([{ group: 'g', topic: 't', partition: 0, offset: 5, metadata: null }]);
      s.commitOffsets([{ group: 'g', topic: 't', partition: 0, offset: 7, metadata: 'm' }]);
      s.commitOffsets([{ group: 'h', topic: 't', partition: 0, offset: 1, metadata: null }]);
      s.deleteGroup('h');
      const after = reopen ? reopen(s) : s;
      expect(after.loadOffsets()).toEqual([{ group: 'g', topic: 't', partition: 0, offset: 7, metadata: 'm' }]);
      after.close();
    });

    if (reopen) {
      test('a restart keeps topics, batches and offsets', () => {
        const s = make();
        s.saveTopics([{ name: 't', id: 'x', partitions: 1, configs: {} }]);
        s.openLog('t', 0).append(batch(3), 2, 1000);
        const again = reopen(s);
        expect(again.loadTopics()).toEqual([{ name: 't', id: 'x', partitions: 1, configs: {} }]);
        const log = again.openLog('t', 0);
        expect(log.nextOffset).toBe(3);
        expect(log.append(batch(1), 0, 1000)).toBe(3);
        again.close();
      });
    }
  });
}
