/**
 * OffsetCommit (key 8), versions 2–7. Commits from a group member must carry its current
 * generation; generation -1 with no member id is a standalone commit (allowed while the group
 * has no members). Commits are stored through the storage, so a data dir keeps them.
 * Left out: retention time (offsets never expire), flexible v8+.
 */
import { ErrorCode } from '../protocol/errors';
import { Writer } from '../protocol/writer';
import type { CommittedOffset } from '../storage/types';
import type { ApiModule } from './types';

export const offsetCommit: ApiModule = {
  apiKey: 8,
  name: 'OffsetCommit',
  minVersion: 2,
  maxVersion: 7,
  handle(r, { broker, apiVersion: v }) {
    const groupId = r.string();
    const generation = r.int32();
    const memberId = r.string();
    if (v <= 4) r.int64();
    if (v >= 7) r.nullableString();
    const topics = r.array(false, (x) => ({
      name: x.string(),
      partitions: x.array(false, (y) => {
        const partition = y.int32();
        const offset = y.int64n();
        if (v >= 6) y.int32();
        return { partition, offset, metadata: y.nullableString() };
      }),
    }));
    const group = broker.groups.group(groupId, generation < 0 && !memberId);
    let error: number = group ? group.validateCommit(memberId, generation) : generation < 0 ? ErrorCode.NONE : ErrorCode.ILLEGAL_GENERATION;
    if (!groupId) error = ErrorCode.INVALID_GROUP_ID;
    const w = new Writer();
    if (v >= 3) w.int32(0);
    const commits: CommittedOffset[] = [];
    const answers = topics.map((t) => ({
      name: t.name,
      partitions: t.partitions.map((p) => {
        let e = error;
        if (e === ErrorCode.NONE && !broker.topics.get(t.name)?.logs[p.partition]) e = ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
        if (e === ErrorCode.NONE) commits.push({ group: groupId, topic: t.name, partition: p.partition, offset: p.offset, metadata: p.metadata });
        return { partition: p.partition, error: e };
      }),
    }));
    if (commits.length) broker.groups.commit(commits);
    return w.array(false, answers, (w2, t) => {
      w2.str(false, t.name).array(false, t.partitions, (w3, p) => { w3.int32(p.partition).int16(p.error); });
    });
  },
};
