import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CompactRecord } from './compact-record';
import { EffectHeads } from './memory-effect-heads';
import { MemoryRecords, readRecord, storeRecord } from './memory-records';
import type { RecordedOutcome } from './types';

const heads = new EffectHeads();
const keep = (record: RecordedOutcome) => storeRecord(record, heads);
const HASH = '0123456789abcdef0123456789abcdef';
/** A key of `recordKey`'s form: kept packed, with its outcome's text in `PackedTexts`. */
const key = (i: number) => `e.${HASH}:ev-${i}`;

type Op =
  | { kind: 'add'; outcome: unknown; back: number; fingerprint: boolean }
  | { kind: 'commit' }
  | { kind: 'compact'; before: number; limit: number }
  | { kind: 'rewrite'; every: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('add' as const),
      outcome: fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constant(undefined), fc.constant(null)),
      back: fc.oneof({ weight: 5, arbitrary: fc.constant(0) }, fc.integer({ min: 1, max: 30 })),
      fingerprint: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'commit' as const }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('compact' as const),
      before: fc.integer({ min: 0, max: 400 }),
      limit: fc.integer({ min: 0, max: 20 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('rewrite' as const), every: fc.integer({ min: 2, max: 5 }) }),
  },
);

describe('MemoryRecords: records kept packed with their outcome', () => {
  it('answer, compact (oldest first, out-of-order times too) and rewrite as a plain model does', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 20, maxLength: 120, size: 'max' }), (ops) => {
        const records = new MemoryRecords();
        /** Model: key → what a read gives; keys with an outcome in commit-time order (ties: first kept first). */
        const model = new Map<string, RecordedOutcome>();
        let live: string[] = [];
        let n = 0;
        for (const o of ops) {
          if (o.kind === 'add') {
            const k = key(n);
            // Distinct times (a fraction of n), so which of equal times goes first never matters.
            const committedAt = n * 3 - o.back + n / 1000;
            n += 1;
            const fingerprint = o.fingerprint ? HASH.split('').reverse().join('') : undefined;
            const record: RecordedOutcome = { key: k, userId: `u${n % 3}`, outcome: o.outcome, committedAt };
            if (fingerprint !== undefined) record.fingerprint = fingerprint;
            const chars = records.pendingChars;
            records.set(k, keep(record));
            records.committed(chars);
            const read = JSON.parse(JSON.stringify({ ...record, outcome: o.outcome ?? null }));
            if (o.outcome === undefined) delete read.outcome;
            model.set(k, read);
            if (o.outcome !== undefined && o.outcome !== null) {
              let at = live.length;
              while (
                at > 0 &&
                (model.get(live[at - 1] as string) as RecordedOutcome).committedAt > committedAt
              )
                at--;
              live.splice(at, 0, k);
            }
          } else if (o.kind === 'commit') {
            records.committed(-Number.MAX_SAFE_INTEGER);
          } else if (o.kind === 'compact') {
            const due = live.filter((k) => (model.get(k) as RecordedOutcome).committedAt < o.before);
            const gone = due.slice(0, o.limit);
            expect(records.compact(o.before, o.limit)).toBe(gone.length);
            for (const k of gone) (model.get(k) as RecordedOutcome).outcome = null;
            live = live.filter((k) => !gone.includes(k));
          } else {
            // Every `every`-th record's outcome is rewritten (as `forgetUser` does to a user's).
            records.rewrite((k, held) => {
              const i = Number(k.slice(k.indexOf(':ev-') + 4));
              if (i % o.every !== 0) return undefined;
              const { userId, committedAt, fingerprint } = held;
              const text = held.outcomeText();
              const outcome = text === undefined ? undefined : text === 'null' ? null : { rewritten: i };
              return [k, keep({ key: k, userId, outcome, committedAt, fingerprint })];
            });
            for (const [k, read] of model) {
              const i = Number(k.slice(k.indexOf(':ev-') + 4));
              if (i % o.every === 0 && read.outcome !== undefined && read.outcome !== null)
                read.outcome = { rewritten: i };
            }
          }
          for (const [k, read] of model) {
            const held = records.get(k);
            expect(held).toBeDefined();
            expect(readRecord(k, held as NonNullable<typeof held>, heads)).toEqual(read);
          }
          expect(records.size).toBe(model.size);
        }
      }),
      // 60 runs of up to 120 operations each: ~3 s on an idle machine (150 took 8.5 s and passed the 30 s test
      // timeout on a loaded one).
      { numRuns: 60 },
    );
  });

  it('reads a compacted packed record back as a CompactRecord, and drops the texts of a compacted segment', () => {
    const records = new MemoryRecords();
    const note = 'q'.repeat(200);
    for (let i = 0; i < 400; i++) {
      records.set(key(i), keep({ key: key(i), userId: 'u', outcome: { note, i }, committedAt: i }));
      // Two segments of 150 records each; the last 100 wait.
      if (i === 149 || i === 299) records.committed(-Number.MAX_SAFE_INTEGER);
    }
    expect(records.pendingChars).toBeGreaterThan(100 * 200);
    expect(records.compact(225, Number.POSITIVE_INFINITY)).toBe(225);
    expect(records.get(key(0))).toBeInstanceOf(CompactRecord);
    expect(readRecord(key(224), records.get(key(224)) as CompactRecord, heads).outcome).toBeNull();
    expect(readRecord(key(225), records.get(key(225)) as CompactRecord, heads).outcome).toEqual({
      note,
      i: 225,
    });
    const { segments } = records.dump() as { segments: string[] };
    // The first segment is let go, the second (half compacted) rewritten with its 75 live texts; 100 wait.
    expect(segments.join('').split(note).length - 1).toBe(175);
    for (let i = 0; i < 400; i++)
      expect(readRecord(key(i), records.get(key(i)) as CompactRecord, heads).outcome).toEqual(
        i < 225 ? null : { note, i },
      );
  });
});
