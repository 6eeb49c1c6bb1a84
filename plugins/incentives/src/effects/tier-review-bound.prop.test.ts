import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { noteLastId } from '../ledger/last-id';
import { appendEntry, entryId } from '../ledger/ledger';
import { baseOf, noteBase } from '../model/dispatch-base';
import { boundedScore } from '../model/score-bound';
import { initialState, sliceWith } from '../model/state';
import { defaultSettings } from '../settings';
import type { IncentivesState } from '../types';
import type { Ctx } from './shared';
import { reviewUserTier } from './tier-review';

const T0 = Date.parse('2026-03-01T00:00:00Z');
const HOUR = 3_600_000;

/** A review context at `time` with this memo, recording what the review emits and arms. */
function ctxAt(time: number, memo: Record<string, unknown>, log: unknown[]): Ctx {
  return {
    event: { id: `e@${time}`, userId: 'u1', time },
    timezone: 'UTC',
    now: time,
    memo,
    emit: (name: string, payload: unknown) => log.push([name, payload]),
    schedule: (timer: unknown) => log.push(['schedule', timer]),
    cancelTimer: (id: string) => log.push(['cancel', id]),
  } as unknown as Ctx;
}

/** One dispatch: hours after the previous one, the amounts it awards (none: a review only). */
const dispatch = fc.record({
  hours: fc.integer({ min: -48, max: 24 * 40 }),
  amounts: fc.array(fc.integer({ min: 1, max: 400 }), { maxLength: 3 }),
});

describe('a review bounded by the previous review score (boundedScore)', () => {
  it('leaves what the full review of an unmarked copy leaves, emitting and arming the same', () => {
    let bounded = 0;
    let unbounded = 0;
    fc.assert(
      fc.property(fc.array(dispatch, { minLength: 1, maxLength: 40 }), (dispatches) => {
        let slice: IncentivesState = initialState();
        let t = T0;
        let n = 0;
        for (const { hours, amounts } of dispatches) {
          t += hours * HOUR;
          const memo: Record<string, unknown> = {};
          let next = slice;
          for (const amount of amounts) {
            const eventId = `e${n++}`;
            const entry = { kind: 'award' as const, eventId, ruleId: 'r', wallet: 'points', amount, at: t };
            const appended = appendEntry(next, entry);
            noteBase(memo, next);
            noteLastId(memo, appended.entries, entryId(eventId, 'r', 'points'), next.entries);
            next = appended;
          }
          if (boundedScore(next, baseOf(memo) ?? next, defaultSettings.tiers, t, memo) === undefined)
            unbounded++;
          else bounded++;
          const fastLog: unknown[] = [];
          const fullLog: unknown[] = [];
          const fast = reviewUserTier(next, ctxAt(t, memo, fastLog), defaultSettings);
          const full = reviewUserTier(sliceWith(next, {}), ctxAt(t, {}, fullLog), defaultSettings);
          expect(JSON.stringify(fast)).toBe(JSON.stringify(full));
          expect(fastLog).toEqual(fullLog);
          slice = fast;
        }
      }),
      { numRuns: 300 },
    );
    // Both paths were taken (the bounded one is not vacuous, nor the only one).
    expect(bounded).toBeGreaterThan(100);
    expect(unbounded).toBeGreaterThan(100);
  });
});
