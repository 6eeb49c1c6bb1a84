import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EffectHeads } from './memory-effect-heads';
import { MemoryRecords, readRecord, StoredRecord, storeRecord } from './memory-records';
import { storeRecords } from './staged-records';
import type { RecordedOutcome } from './types';

const HASH = '0123456789abcdef0123456789abcdef';

const outcome = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constant(undefined),
  fc.constant(null),
  // Long texts, so commits reach a segment of their own.
  fc.integer({ min: 0, max: 2_500 }).map((n) => ({ note: 'n'.repeat(n) })),
);

const record = fc.record({
  scoped: fc.integer({ min: 0, max: 9 }).map((n) => n > 0),
  outcome,
  fingerprint: fc.constantFrom(undefined, HASH, 'not-hex'),
});

type Op =
  | {
      kind: 'commit';
      records: Array<typeof record extends fc.Arbitrary<infer T> ? T : never>;
      clean: boolean;
    }
  | { kind: 'compact'; before: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('commit' as const),
      records: fc.array(record, { maxLength: 30 }),
      clean: fc.boolean(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('compact' as const), before: fc.integer({ min: 0, max: 300 }) }),
  },
);

describe('storeRecords and MemoryRecords.setCommit', () => {
  it("write each record's text as storeRecord does", () => {
    fc.assert(
      fc.property(fc.array(record, { maxLength: 40 }), (given) => {
        const heads = new EffectHeads();
        const records: RecordedOutcome[] = given.map((r, i) => ({
          key: r.scoped ? `e.${HASH}:ev-${i}` : `raw-${i}`,
          userId: `u${i % 4}`,
          outcome: r.outcome,
          committedAt: i,
          ...(r.fingerprint === undefined ? {} : { fingerprint: r.fingerprint }),
        }));
        const staged = storeRecords(records, heads, new MemoryRecords().units);
        for (const [i, given] of records.entries()) {
          const alone = storeRecord(given, heads);
          const start = staged.starts[i] as number;
          const text = start < 0 ? undefined : staged.text.slice(start, staged.ends[i]);
          if (alone instanceof StoredRecord) expect(text).toBe(alone.text);
          else expect(start).toBe(-1);
          expect(staged.records[i]?.constructor).toBe(alone.constructor);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('keep, read and compact a commit as set of each record, then committed, does', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 30 }), (ops) => {
        const heads = new EffectHeads();
        const [one, all] = [new MemoryRecords(), new MemoryRecords()];
        const keys: string[] = [];
        let n = 0;
        for (const o of ops) {
          if (o.kind === 'compact') {
            expect(all.compact(o.before, Number.POSITIVE_INFINITY)).toBe(
              one.compact(o.before, Number.POSITIVE_INFINITY),
            );
            continue;
          }
          // A clean commit's records are all kept packed: the commit may be a segment of its own.
          const given: RecordedOutcome[] = o.records.map((drawn) => {
            const r = o.clean ? { ...drawn, scoped: true, fingerprint: HASH } : drawn;
            const i = n++;
            const key = r.scoped ? `e.${HASH}:ev-${i}` : `raw-${i}`;
            keys.push(key);
            const fingerprint = r.fingerprint === undefined ? {} : { fingerprint: r.fingerprint };
            return { key, userId: `u${i % 7}`, outcome: r.outcome, committedAt: i, ...fingerprint };
          });
          const chars = one.pendingChars;
          for (const r of given) one.set(r.key, storeRecord(r, heads));
          one.committed(chars);
          all.setCommit(
            given.map((r) => r.key),
            storeRecords(given, heads, all.units),
          );
        }
        expect(all.size).toBe(one.size);
        for (const key of keys) {
          const [a, b] = [one.get(key), all.get(key)];
          expect(b === undefined).toBe(a === undefined);
          if (a !== undefined && b !== undefined)
            expect(readRecord(key, b, heads)).toEqual(readRecord(key, a, heads));
        }
      }),
      { numRuns: 60 },
    );
  });
});
