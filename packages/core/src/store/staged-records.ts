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
 * `storeRecord` of each of a commit's records, their texts made one string: the same texts, the same errors. A text
 * in the binary form is written into `units` (the store's, for commits) code unit by code unit; a text made as a
 * string (`encodeOutcome`'s JSON) is taken as it is, after the units written before it are made a string: no text
 * is copied unit by unit only to be made a string again.
 */
export function storeRecords(
  given: readonly RecordedOutcome[],
  heads: EffectHeads,
  units: CodeUnits,
): StagedRecords {
  const records: HeldRecord[] = new Array(given.length);
  const starts = new Int32Array(given.length).fill(-1);
  const ends = new Int32Array(given.length);
  /** The commit's text so far, made strings: `made` units long; `units` holds what follows. */
  const parts: string[] = [];
  let made = 0;
  units.start();
  for (let i = 0; i < given.length; i++) {
    const record = given[i] as RecordedOutcome;
    const { userId, outcome, committedAt, fingerprint } = record;
    const compact = compactOf(record);
    if (compact !== undefined) {
      records[i] = compact;
      continue;
    }
    let text: string | true | undefined;
    const start = made + units.length;
    try {
      text = binaryOrText(outcome, heads, units, record.key, userId);
    } catch (cause) {
      throw notJsonOutcome(record.key, cause);
    }
    records[i] = new StoredRecord(userId, undefined, committedAt, fingerprint);
    if (text === undefined) continue;
    if (text !== true) {
      if (units.length > 0) {
        parts.push(units.text());
        made += units.length;
        units.start();
      }
      parts.push(text);
      made += text.length;
    }
    starts[i] = start;
    ends[i] = made + units.length;
  }
  if (units.length > 0) parts.push(units.text());
  return { records, text: parts.length === 1 ? (parts[0] as string) : parts.join(''), starts, ends };
}

/**
 * The text `encodeOutcome` gives `outcome` (recorded under `key` for `userId`): `true` when it is a draft of the
 * binary form's shape, written after what `units` holds (`writeBinary`); else the text, or undefined.
 */
function binaryOrText(
  outcome: unknown,
  heads: EffectHeads,
  units: CodeUnits,
  key: string,
  userId: string,
): string | true | undefined {
  if (
    outcome instanceof OutcomeDraft &&
    commonDraft(outcome) &&
    writeBinary(outcome, heads, units, key, userId)
  )
    return true;
  return encodeOutcome(outcome, heads, key, userId);
}
