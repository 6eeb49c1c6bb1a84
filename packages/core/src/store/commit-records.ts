import { EMPTY_ARRAY } from './freeze';
import type { CommitWrite, RecordedOutcome } from './types';

/** `write.record` and `write.records` as one list: what a store records for a commit, in order. */
export function recordsOf(write: CommitWrite): readonly RecordedOutcome[] {
  const { record, records } = write;
  if (records === undefined || records.length === 0) return record === undefined ? EMPTY_ARRAY : [record];
  return record === undefined ? records : [record, ...records];
}
