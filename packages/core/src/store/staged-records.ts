import { OutcomeDraft } from '../event/outcome-draft';
import { writeBinary } from './binary-outcome';
import type { CodeUnits } from './code-units';
import { commonDraft, type EffectHeads, encodeOutcome } from './memory-effect-heads';
import { compactOf, type HeldRecord, notJsonOutcome, StoredRecord } from './stored-record';
import type { RecordedOutcome } from './types';

/**
 * A commit's records as the memory store stages them (`storeRecords`): their outcomes' texts written end to end
 * into one string, so a commit makes one string for its records' texts, not one each (and the packed table may keep
 * that string as the commit's segment as it is, without joining the texts again: `MemoryRecords.setCommit`).
 */
export interface StagedRecords {
  /** What `storeRecord` gives each record, the texts aside: a record with one is a `StoredRecord` without text. */
  readonly records: readonly HeldRecord[];
  /** The texts of the records that have one, in order, end to end. */
  readonly text: string;
  /** Record `i`'s text is `text.slice(starts[i], ends[i])`; `starts[i]` is -1 when it has none. */
  readonly starts: Int32Array;
  readonly ends: Int32Array;
}

/**
 * `storeRecord` of each of a commit's records, their texts written into `units` (the store's, for commits) and made
 * one string: the same texts, the same errors.
 */
export function storeRecords(
  given: readonly RecordedOutcome[],
  heads: EffectHeads,
  units: CodeUnits,
): StagedRecords {
  const records: HeldRecord[] = new Array(given.length);
  const starts = new Int32Array(given.length).fill(-1);
  const ends = new Int32Array(given.length);
  units.start();
  for (let i = 0; i < given.length; i++) {
    const record = given[i] as RecordedOutcome;
    const { userId, outcome, committedAt, fingerprint } = record;
    const compact = compactOf(record);
    if (compact !== undefined) {
      records[i] = compact;
      continue;
    }
    const start = units.length;
    let written: boolean;
    try {
      written = writeOutcome(outcome, heads, units, record.key, userId);
    } catch (cause) {
      throw notJsonOutcome(record.key, cause);
    }
    records[i] = new StoredRecord(userId, undefined, committedAt, fingerprint);
    if (!written) continue;
    starts[i] = start;
    ends[i] = units.length;
  }
  return { records, text: units.length === 0 ? '' : units.text(), starts, ends };
}

/**
 * Writes the text `encodeOutcome` gives `outcome` (recorded under `key` for `userId`) after what `units` holds; false
 * when it gives none. A draft of the binary form's shape is written in place (`writeBinary`), any other text copied.
 */
function writeOutcome(
  outcome: unknown,
  heads: EffectHeads,
  units: CodeUnits,
  key: string,
  userId: string,
): boolean {
  if (
    outcome instanceof OutcomeDraft &&
    commonDraft(outcome) &&
    writeBinary(outcome, heads, units, key, userId)
  )
    return true;
  const text = encodeOutcome(outcome, heads, key, userId);
  if (text === undefined) return false;
  units.chars(text);
  return true;
}
