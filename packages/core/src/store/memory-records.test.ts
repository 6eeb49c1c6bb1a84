import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CompactRecord } from './compact-record';
import { EffectHeads } from './memory-effect-heads';
import {
  COMMIT_SEGMENT_CHARS,
  type HeldRecord,
  MemoryRecords,
  readRecord,
  SEGMENT_CHARS,
  type Segment,
  type StoredRecord,
  storeRecord,
} from './memory-records';
import type { RecordedOutcome } from './types';

const outcome = (user: string, note: string) => ({ userId: user, note });

/** The heads the records of these tests are stored with (`storeRecord`, `readRecord`). */
const heads = new EffectHeads();
const keep = (record: RecordedOutcome) => storeRecord(record, heads);
const readBack = (key: string, stored: HeldRecord) => readRecord(key, stored, heads);

/** Every distinct segment the records point into. */
function segments(records: MemoryRecords, ids: readonly string[]): Set<Segment> {
  const out = new Set<Segment>();
  for (const id of ids) {
    const segment = (records.get(id) as StoredRecord).segment;
    if (segment !== undefined) out.add(segment);
  }
  return out;
}

describe('MemoryRecords', () => {
  it('reads back every outcome, before and after its text joins a segment', () => {
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.jsonValue(), { nil: undefined }), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 0, max: Math.ceil(SEGMENT_CHARS / 8) }),
        (outcomes, padding) => {
          const records = new MemoryRecords();
          const pad = '界'.repeat(padding % 7) + 'x'.repeat(padding);
          const written = outcomes.map((value, i) => (value === undefined ? undefined : { value, pad, i }));
          written.forEach((value, i) => {
            records.set(`e${i}`, keep({ key: `e${i}`, userId: 'u', outcome: value, committedAt: i }));
          });
          written.forEach((value, i) => {
            const read = readBack(`e${i}`, records.get(`e${i}`) as StoredRecord);
            // what JSON holds of the value (-0 reads back as 0, as from any store)
            const json = value === undefined ? undefined : JSON.parse(JSON.stringify(value));
            expect(read).toEqual({ key: `e${i}`, userId: 'u', outcome: json, committedAt: i });
          });
          expect(records.size).toBe(written.length);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('joins applied texts into one segment once they pass the size limit', () => {
    const records = new MemoryRecords();
    const big = 'y'.repeat(Math.ceil(SEGMENT_CHARS / 4)); // the 4th text fills the segment
    for (let i = 0; i < 4; i++) {
      records.set(`e${i}`, keep({ key: `e${i}`, userId: 'u', outcome: outcome('u', big), committedAt: 0 }));
    }
    const ids = ['e0', 'e1', 'e2', 'e3'];
    expect(segments(records, ids).size).toBe(1);
    for (const id of ids) expect((records.get(id) as StoredRecord).text).toBeUndefined();
    expect(readBack('e2', records.get('e2') as StoredRecord).outcome).toEqual(outcome('u', big));
  });

  it('joins the texts of a commit that brought COMMIT_SEGMENT_CHARS at once; a smaller commit waits', () => {
    const records = new MemoryRecords();
    const write = (from: number, count: number, chars: number) => {
      const before = records.pendingChars;
      for (let i = from; i < from + count; i++) {
        const text = 'w'.repeat(chars);
        records.set(`e${i}`, keep({ key: `e${i}`, userId: 'u', outcome: text, committedAt: i }));
      }
      records.committed(before);
    };
    write(0, 1, 1_000); // one-by-one: waits
    expect(records.pendingChars).toBeGreaterThan(0);
    write(1, 3, Math.ceil(COMMIT_SEGMENT_CHARS / 3)); // a batch's worth of text
    expect(records.pendingChars).toBe(0);
    const ids = ['e0', 'e1', 'e2', 'e3'];
    expect(segments(records, ids).size).toBe(1);
    for (const id of ids) expect(readBack(id, records.get(id) as StoredRecord).outcome).toMatch(/^w+$/);
  });

  it("rewrites a user's records and drops every segment that held their old text", () => {
    const records = new MemoryRecords();
    const big = 'z'.repeat(Math.ceil(SEGMENT_CHARS / 8)); // a segment every 8 records
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const user = i % 3 === 0 ? 'secret-user' : `other-${i}`;
      ids.push(`e${i}`);
      records.set(`e${i}`, keep({ key: `e${i}`, userId: user, outcome: outcome(user, big), committedAt: i }));
    }
    const before = segments(records, ids);
    expect(before.size).toBeGreaterThan(0);
    records.rewrite((key, record) =>
      record.userId === 'secret-user'
        ? [
            key,
            keep({
              key,
              userId: 'forgotten',
              outcome: outcome('forgotten', 'gone'),
              committedAt: record.committedAt,
            }),
          ]
        : undefined,
    );
    for (const segment of segments(records, ids)) {
      expect(before.has(segment)).toBe(false);
      expect(segment.text).not.toContain('secret-user');
    }
    for (const id of ids) {
      const stored = records.get(id) as StoredRecord;
      expect(stored.outcomeText() ?? '').not.toContain('secret-user');
    }
    const i = 4;
    expect(readBack(`e${i}`, records.get(`e${i}`) as StoredRecord).outcome).toEqual(
      outcome(`other-${i}`, big),
    );
    expect(readBack('e3', records.get('e3') as StoredRecord)).toMatchObject({
      userId: 'forgotten',
      outcome: outcome('forgotten', 'gone'),
      committedAt: 3,
    });
  });

  it('compacts the oldest records before a time, and reads back every other outcome, whatever the order of commits', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.record({ add: fc.integer({ min: 0, max: 50 }), size: fc.integer({ min: 1, max: 40_000 }) }),
            fc.record({ before: fc.integer({ min: 0, max: 60 }), limit: fc.integer({ min: 1, max: 8 }) }),
          ),
          { maxLength: 80 },
        ),
        (steps) => {
          const records = new MemoryRecords();
          const model = new Map<string, { at: number; outcome: unknown; compacted: boolean }>();
          for (const [n, step] of steps.entries()) {
            if ('add' in step) {
              const value = outcome('u', 'w'.repeat(step.size) + n);
              records.set(
                `e${n}`,
                keep({ key: `e${n}`, userId: 'u', outcome: value, committedAt: step.add }),
              );
              model.set(`e${n}`, { at: step.add, outcome: value, compacted: false });
              continue;
            }
            const eligible = [...model.values()].filter((r) => !r.compacted && r.at < step.before);
            const count = records.compact(step.before, step.limit);
            expect(count).toBe(Math.min(step.limit, eligible.length));
            const compactedNow = eligible.filter((r) => {
              const id = [...model].find(([, v]) => v === r)?.[0] as string;
              return readBack(id, records.get(id) as StoredRecord).outcome === null;
            });
            expect(compactedNow).toHaveLength(count);
            // Oldest first: nothing left behind is older than what went.
            const newest = Math.max(...compactedNow.map((r) => r.at));
            for (const r of eligible)
              if (!compactedNow.includes(r)) expect(r.at).toBeGreaterThanOrEqual(newest);
            for (const r of compactedNow) r.compacted = true;
          }
          for (const [id, r] of model) {
            const read = readBack(id, records.get(id) as StoredRecord);
            expect(read).toEqual({
              key: id,
              userId: 'u',
              outcome: r.compacted ? null : r.outcome,
              committedAt: r.at,
            });
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('lets go of the records it compacts before their texts joined a segment (compaction at every tick)', () => {
    const records = new MemoryRecords();
    // A tick every 100 small commits: the texts never fill a segment, and each tick compacts what came before it.
    for (let tick = 1; tick <= 50; tick++) {
      for (let i = 0; i < 100; i++) {
        const key = `e${tick}-${i}`;
        records.set(
          key,
          keep({ key, userId: 'u', outcome: outcome('u', 'n'), committedAt: tick * 1000 + i }),
        );
      }
      records.compact(tick * 1000 + 100, Number.POSITIVE_INFINITY);
      expect(records.pendingRecords).toBe(0);
      expect(records.pendingChars).toBe(0);
    }
    expect(records.size).toBe(5000);
    expect(readBack('e1-0', records.get('e1-0') as CompactRecord)).toEqual({
      key: 'e1-0',
      userId: 'u',
      outcome: null,
      committedAt: 1000,
    });
    // Without a fingerprint too, a compacted record is kept packed.
    expect(records.get('e1-0')).toBeInstanceOf(CompactRecord);
  });

  it('keeps a record written compacted (outcome null, a 32-digit fingerprint or none) as a CompactRecord', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.option(fc.stringMatching(/^[0-9a-f]{32}$/), { nil: undefined }),
        fc.double({ noNaN: true }),
        (userId, fingerprint, committedAt) => {
          const records = new MemoryRecords();
          const written = {
            key: 'k',
            userId,
            outcome: null,
            committedAt,
            ...(fingerprint && { fingerprint }),
          };
          records.set('k', keep(written));
          expect(records.get('k')).toBeInstanceOf(CompactRecord);
          expect(readBack('k', records.get('k') as CompactRecord)).toEqual(written);
          expect(records.pendingRecords).toBe(0);
          expect(records.compact(Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY)).toBe(0);
        },
      ),
    );
    // A user id of two-byte characters makes the packed string two-byte: the head still reads back.
    for (const fingerprint of ['0f'.repeat(16), undefined]) {
      const records = new MemoryRecords();
      const written = {
        key: 'k',
        userId: '用户-杨伟',
        outcome: null,
        committedAt: -0.5,
        ...(fingerprint && { fingerprint }),
      };
      records.set('k', keep(written));
      expect(readBack('k', records.get('k') as CompactRecord)).toEqual(written);
    }
    // A fingerprint in another form is not packed: the record is kept as written.
    const records = new MemoryRecords();
    for (const fingerprint of ['not-hex', 'A'.repeat(32), `${'0'.repeat(31)}g`, `${'0'.repeat(31)}/`]) {
      const written = { key: 'k', userId: 'u', outcome: null, committedAt: 1, fingerprint };
      records.set(fingerprint, keep(written));
      expect(records.get(fingerprint)).not.toBeInstanceOf(CompactRecord);
      expect(readBack('k', records.get(fingerprint) as StoredRecord)).toEqual(written);
    }
  });

  it('frees the texts it compacts: a segment goes when half of its records or more are compacted', () => {
    const records = new MemoryRecords();
    const big = 'q'.repeat(Math.ceil(SEGMENT_CHARS / 8)); // a segment every 8 records
    const ids = Array.from({ length: 16 }, (_, i) => `e${i}`);
    for (const [i, id] of ids.entries())
      records.set(id, keep({ key: id, userId: 'u', outcome: outcome('u', `${i}:${big}`), committedAt: i }));
    const [first, second] = [...segments(records, ids)];
    expect(first?.records).toHaveLength(8);
    // 3 of the first segment's 8: it stays; the 4th takes it to half: the 4 others move to a new one.
    expect(records.compact(3, 100)).toBe(3);
    expect(segments(records, ids).has(first as Segment)).toBe(true);
    expect(records.compact(4, 100)).toBe(1);
    const now = segments(records, ids);
    expect(now.has(first as Segment)).toBe(false);
    expect(now.has(second as Segment)).toBe(true);
    const moved = (records.get('e4') as StoredRecord).segment as Segment;
    expect(moved.records).toHaveLength(4);
    expect(moved.text.length).toBe(4 * JSON.stringify(outcome('u', `4:${big}`)).length);
    expect(JSON.stringify(records.dump())).not.toContain(`"3:${big.slice(0, 10)}`);
    // All of the second: nothing points to it any more.
    expect(records.compact(100, 100)).toBe(12);
    expect(segments(records, ids).size).toBe(0);
    expect((records.dump() as { segments: string[] }).segments).toEqual([]);
    expect(records.compact(100, 100)).toBe(0);
    expect(readBack('e15', records.get('e15') as StoredRecord).outcome).toBeNull();
  });

  it('reads back key, user, fingerprint and commit time after compaction, whatever the fingerprint', () => {
    const fingerprint = fc.oneof(
      fc.constant(undefined),
      fc.stringMatching(/^[0-9a-f]{32}$/),
      fc.stringMatching(/^[0-9a-fA-F]{31,33}$/),
      fc.string(),
    );
    const time = fc.oneof(
      fc.integer({ min: -2e12, max: 4e12 }),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(fingerprint, time), { minLength: 1, maxLength: 30 }), (rows) => {
        const records = new MemoryRecords();
        rows.forEach(([print, committedAt], i) => {
          const key = `e.${i}:m${i}`;
          const record = { key, userId: `u${i}`, outcome: { i }, committedAt, fingerprint: print };
          records.set(key, keep(record));
        });
        records.compact(Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY);
        rows.forEach(([print, committedAt], i) => {
          const key = `e.${i}:m${i}`;
          const read = readBack(key, records.get(key) as StoredRecord);
          const expected: Record<string, unknown> = { key, userId: `u${i}`, outcome: null, committedAt };
          if (print !== undefined) expected.fingerprint = print;
          expect(read).toEqual(expected);
          expect(Object.is(read.committedAt, committedAt)).toBe(true);
        });
      }),
    );
  });

  it('moves its writes stamp with every record kept, compacted or rewritten, and only then', () => {
    const hash = 'a'.repeat(32);
    const key = (i: number) => `e.${hash}:m${i}`;
    const compacted = (i: number) => keep({ key: key(i), userId: 'u', outcome: null, committedAt: i });
    const records = new MemoryRecords();
    const moved = (change: () => void): boolean => {
      const before = records.writes;
      change();
      return records.writes !== before;
    };
    expect(moved(() => records.set(key(0), compacted(0)))).toBe(true); // packed
    expect(
      moved(() => records.set(key(1), keep({ key: key(1), userId: 'u', outcome: 1, committedAt: 1 }))),
    ).toBe(true);
    // Reads leave it where it is, found or not.
    expect(
      moved(() => [records.get(key(0)), records.get(key(9)), records.has(key(1)), records.has(key(9))]),
    ).toBe(false);
    expect(moved(() => records.compact(0, Number.POSITIVE_INFINITY))).toBe(false); // nothing to compact
    expect(moved(() => records.compact(2, Number.POSITIVE_INFINITY))).toBe(true);
    expect(records.get(key(1))).toBeInstanceOf(CompactRecord);
    expect(moved(() => records.rewrite((k, record) => (k === key(0) ? [key(3), record] : undefined)))).toBe(
      true,
    );
    expect([records.has(key(3)), records.has(key(0)), records.has(key(1))]).toEqual([true, false, true]);
  });
});
