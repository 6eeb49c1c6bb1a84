import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addActiveDay,
  countActiveDays,
  decodeActiveDays,
  encodeActiveDays,
  HISTORY_DAYS,
  hasActiveDay,
} from './active-days';
import { recordActivity, streakEndingAt } from './activity';
import { initialSlice, recentDaysOf } from './slice';

const DAY = 86_400_000;
const T0 = Date.parse('2026-01-01T00:00:00Z');

/** The list the slice kept before the bitmap: distinct days, ascending, within HISTORY_DAYS of the latest. */
function listModel(days: readonly number[]): number[] {
  let kept: number[] = [];
  for (const day of days) {
    const sorted = kept.includes(day) ? kept : [...kept, day].sort((a, b) => a - b);
    const latest = sorted[sorted.length - 1]!;
    kept = sorted.filter((d) => d > latest - HISTORY_DAYS);
  }
  return kept;
}

/** `activeDays` as the list kept it: one more for each day not among the kept ones when it came. */
function activeDaysModel(days: readonly number[]): number {
  let count = 0;
  for (let i = 0; i < days.length; i++) if (!listModel(days.slice(0, i)).includes(days[i]!)) count++;
  return count;
}

describe('active days bitmap', () => {
  it('countActiveDays counts the decoded days in (from, to]', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: HISTORY_DAYS - 1 }), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: -10, max: HISTORY_DAYS + 10 }),
        fc.integer({ min: 0, max: HISTORY_DAYS + 10 }),
        (offsets, end, span) => {
          const bits = encodeActiveDays(offsets.map((o) => 20_000 + o).sort((a, b) => a - b))!;
          const to = 20_000 + end;
          const from = to - span;
          expect(countActiveDays(bits, from, to)).toBe(
            decodeActiveDays(bits).filter((d) => d > from && d <= to).length,
          );
        },
      ),
    );
    expect(countActiveDays(null, 0, 1)).toBe(0);
  });

  it('hasActiveDay answers as the decoded days do', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: HISTORY_DAYS - 1 }), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: -10, max: HISTORY_DAYS + 10 }),
        (offsets, probe) => {
          const days = offsets.map((o) => 20_000 + o).sort((a, b) => a - b);
          const bits = encodeActiveDays(days)!;
          const day = 20_000 + probe;
          expect(hasActiveDay(bits, day)).toBe(decodeActiveDays(bits).includes(day));
        },
      ),
    );
  });

  it('decodes to the days the list kept, for any order of activity (late events included)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 400 }), { maxLength: 200 }), (offsets) => {
        let slice = initialSlice();
        for (const o of offsets)
          slice = recordActivity(slice, { time: T0 + o * DAY + 3_600_000, timeZone: 'UTC' });
        const first = Math.floor(T0 / DAY);
        const model = listModel(offsets.map((o) => first + o));
        expect(recentDaysOf(slice)).toEqual(model);
        // A day already held takes the short path: the streak and the count stay those of the days.
        expect(slice.streak).toBe(streakEndingAt(model));
        expect(slice.activeDays).toBe(activeDaysModel(offsets.map((o) => first + o)));
        // Bounded: at most 30 hex digits whatever the history.
        expect(slice.activeDayBits === null || slice.activeDayBits[1].length <= HISTORY_DAYS / 4).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('addActiveDay gives the bitmap and streak of decoding, adding, keeping the window and re-encoding', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: HISTORY_DAYS - 1 }), { minLength: 1, maxLength: 120 }),
        fc.integer({ min: -2 * HISTORY_DAYS, max: 2 * HISTORY_DAYS }),
        (offsets, probe) => {
          const bits = encodeActiveDays(offsets.map((o) => 20_000 + o).sort((a, b) => a - b))!;
          const day = 20_000 + probe;
          fc.pre(!hasActiveDay(bits, day));
          const model = listModel([...decodeActiveDays(bits), day]);
          expect(addActiveDay(bits, day)).toEqual({
            bits: encodeActiveDays(model),
            streak: streakEndingAt(model),
          });
        },
      ),
      { numRuns: 500 },
    );
    // Not as encodeActiveDays writes it (leading zero, latest day unset, not hex): the caller decodes.
    for (const hex of ['01', '2', 'xyz', '']) expect(addActiveDay([20_000, hex], 20_001)).toBeNull();
  });

  it('round-trips, and reads a document written before the bitmap', () => {
    expect(encodeActiveDays([])).toBeNull();
    expect(encodeActiveDays([20_000])).toEqual([20_000, '1']);
    expect(encodeActiveDays([19_996, 19_999, 20_000])).toEqual([20_000, '13']);
    const days = Array.from({ length: HISTORY_DAYS }, (_, i) => 20_000 - HISTORY_DAYS + 1 + i);
    const full = encodeActiveDays(days)!;
    expect(full[1]).toBe('f'.repeat(30));
    expect(decodeActiveDays(full)).toEqual(days);
    expect(decodeActiveDays('nonsense')).toEqual([]);
    const older = { ...initialSlice(), activeDayBits: undefined as never, recentDays: [5, 7] };
    expect(recentDaysOf(older)).toEqual([5, 7]);
    const next = recordActivity(older, { time: 8 * DAY + 1, timeZone: 'UTC' });
    expect(recentDaysOf(next)).toEqual([5, 7, 8]);
    expect('recentDays' in next).toBe(false);
  });
});
