import { type CommitWrite, recordsOf } from '@engageloop/core';
import { messageColumns, timerColumns } from '@engageloop/core/internal';
import { JOIN } from './joined-commit';

/** Last write per key wins, as if the writes were applied one by one. */
const lastByKey = <T>(items: readonly T[], keyOf: (item: T) => string): T[] => {
  const map = new Map<string, T>();
  for (const item of items) {
    map.delete(keyOf(item));
    map.set(keyOf(item), item);
  }
  return [...map.values()];
};

const byteOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** `engageloop_commit7`'s parameters but the last (`p_final`): `$1` to `$16`, the values of `commitValues`. */
const PARAMETERS = Array.from({ length: 16 }, (_, i) => `$${i + 1}`).join(', ');

/** The SQL of the commit call (a named, prepared statement per connection). */
export const commitSql = (s: string): string =>
  `SELECT enqueued, conflict FROM ${s}.engageloop_commit7(${PARAMETERS}, false)`;

/**
 * The SQL of the commit that ends its unit of work (sent with `COMMIT`: see `final-commit.ts`): a record key
 * taken raises, so `conflict` is always null.
 */
export const finalCommitSql = (s: string): string =>
  `SELECT enqueued, conflict FROM ${s}.engageloop_commit7(${PARAMETERS}, true)`;

/** The documents a write leaves (the last write per key), their keys, and the JSON text of each value (`null`: deleted). */
export interface WrittenDocs {
  docs: CommitWrite['docs'];
  keys: string[];
  texts: string[];
}

/** The documents of `w` as `engageloop_commit7` writes them. */
export function writtenDocs(w: CommitWrite): WrittenDocs {
  const docs = lastByKey(w.docs, (d) => d.key);
  const keys = new Array<string>(docs.length);
  const texts = new Array<string>(docs.length);
  for (let i = 0; i < docs.length; i++) {
    const { key, value } = docs[i] as CommitWrite['docs'][number];
    keys[i] = key;
    texts[i] = JSON.stringify(value ?? null);
  }
  return { docs, keys, texts };
}

/**
 * Flattens one write into the commit function's parameters: its records (\`record\` and \`records\`) as five
 * arrays, written by one multi-row insert; the JSON texts of the outcomes, and of the documents, each joined
 * into one text (see \`joined-commit.ts\`: nothing for the driver to escape). Writes that the function would
 * apply one after another and that cancel out are resolved here: the last document write per key, counter
 * deltas summed per key (sorted, so two commits touching the same counters lock them in the same order), the
 * first message per dedupe key, the last schedule per timer id. `docs`: `writtenDocs(w)`, when the caller has it.
 */
export function commitValues(w: CommitWrite, docs: WrittenDocs = writtenDocs(w)): unknown[] {
  const records = recordsOf(w);
  const deltas = new Map<string, number>();
  for (const { key, delta } of w.counters) deltas.set(key, (deltas.get(key) ?? 0) + delta);
  const counterKeys = [...deltas.keys()].sort(byteOrder);
  const seen = new Set<string>();
  const fresh = w.messages.filter((m) => !seen.has(m.dedupeKey) && seen.add(m.dedupeKey));
  const schedule = lastByKey(w.timers.schedule, (t) => t.id);
  return [
    records.map((r) => r.key),
    records.map((r) => r.userId),
    records.map((r) => JSON.stringify(r.outcome ?? null)).join(JOIN),
    records.map((r) => r.committedAt),
    records.map((r) => r.fingerprint ?? null),
    docs.keys,
    docs.texts.join(JOIN),
    counterKeys,
    counterKeys.map((key) => deltas.get(key) ?? 0),
    w.cancelMessages,
    fresh.length === 0 ? null : JSON.stringify(fresh.map(messageColumns)),
    w.timers.complete.map((c) => c.id),
    w.timers.complete.map((c) => c.dueAt),
    w.timers.complete.map((c) => c.generation ?? null),
    w.timers.cancel,
    schedule.length === 0 ? null : JSON.stringify(schedule.map(timerColumns)),
  ];
}

/**
 * The write's duplicate messages, in the order it listed them: a dedupe key the commit did not enqueue, or
 * one listed again after the message that was enqueued under it.
 */
export function duplicatesOf(w: CommitWrite, enqueued: readonly string[]): string[] {
  const queued = new Set(enqueued);
  const sent = new Set<string>();
  const duplicates: string[] = [];
  for (const m of w.messages) {
    if (queued.has(m.dedupeKey) && !sent.has(m.dedupeKey)) {
      sent.add(m.dedupeKey);
      continue;
    }
    duplicates.push(m.dedupeKey);
  }
  return duplicates;
}
