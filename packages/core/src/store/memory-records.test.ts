import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MemoryRecords,
  readRecord,
  SEGMENT_CHARS,
  type Segment,
  type StoredRecord,
  storeRecord,
} from './memory-records';

const outcome = (user: string, note: string) => ({ userId: user, note });

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
            records.set(
              `e${i}`,
              storeRecord({ eventId: `e${i}`, userId: 'u', outcome: value, committedAt: i }),
            );
          });
          written.forEach((value, i) => {
            const read = readRecord(`e${i}`, records.get(`e${i}`) as StoredRecord);
            // what JSON holds of the value (-0 reads back as 0, as from any store)
            const json = value === undefined ? undefined : JSON.parse(JSON.stringify(value));
            expect(read).toEqual({ eventId: `e${i}`, userId: 'u', outcome: json, committedAt: i });
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
      records.set(
        `e${i}`,
        storeRecord({ eventId: `e${i}`, userId: 'u', outcome: outcome('u', big), committedAt: 0 }),
      );
    }
    const ids = ['e0', 'e1', 'e2', 'e3'];
    expect(segments(records, ids).size).toBe(1);
    for (const id of ids) expect((records.get(id) as StoredRecord).text).toBeUndefined();
    expect(readRecord('e2', records.get('e2') as StoredRecord).outcome).toEqual(outcome('u', big));
  });

  it("rewrites a user's records and drops every segment that held their old text", () => {
    const records = new MemoryRecords();
    const big = 'z'.repeat(Math.ceil(SEGMENT_CHARS / 8)); // a segment every 8 records
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const user = i % 3 === 0 ? 'secret-user' : `other-${i}`;
      ids.push(`e${i}`);
      records.set(
        `e${i}`,
        storeRecord({ eventId: `e${i}`, userId: user, outcome: outcome(user, big), committedAt: i }),
      );
    }
    const before = segments(records, ids);
    expect(before.size).toBeGreaterThan(0);
    records.rewrite((eventId, record) =>
      record.userId === 'secret-user'
        ? [
            eventId,
            storeRecord({
              eventId,
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
    expect(readRecord(`e${i}`, records.get(`e${i}`) as StoredRecord).outcome).toEqual(
      outcome(`other-${i}`, big),
    );
    expect(readRecord('e3', records.get('e3') as StoredRecord)).toMatchObject({
      userId: 'forgotten',
      outcome: outcome('forgotten', 'gone'),
      committedAt: 3,
    });
  });
});
