import { EMPTY_ARRAY } from './freeze';
import type { CommitWrite, RecordedOutcome } from './types';

/** `write.record` and `write.records` as one list: what a store records for a commit, in order. */
export function recordsOf(write: CommitWrite): readonly RecordedOutcome[] {
  const { record, records } = write;
  if (records === undefined || records.length === 0) return record === undefined ? EMPTY_ARRAY : [record];
  return record === undefined ? records : [record, ...records];
}

/**
 * When the messages a commit cancels finished (their `nextAttemptAt` from then on, which `Store.compactOutbox`
 * compares with `before`): the commit's time, the latest `committedAt` of its records. `undefined` for a write
 * without records: a message it cancels keeps the `nextAttemptAt` it had (when it was next due).
 */
export function cancelledAt(write: CommitWrite): number | undefined {
  let at: number | undefined;
  for (const { committedAt } of recordsOf(write)) if (at === undefined || committedAt > at) at = committedAt;
  return at;
}
