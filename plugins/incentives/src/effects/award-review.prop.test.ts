import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quietAt } from '../model/slice-marks';
import { initialState, sliceWith } from '../model/state';
import { defaultSettings } from '../settings';
import type { IncentivesSettings } from '../settings-types';
import type { IncentivesState } from '../types';
import { award } from './award';
import type { Ctx } from './shared';
import { reviewAwarded, reviewUserTier } from './tier-review';

const T0 = Date.parse('2026-03-01T00:00:00Z');
const HOUR = 3_600_000;

/** What the reviews emit and arm, in order. */
const recorder = (log: unknown[]) => ({
  emit: (...args: unknown[]) => log.push(args),
  schedule: (timer: unknown) => log.push(['schedule', timer]),
  cancelTimer: (id: string) => log.push(['cancel', id]),
});

/** An effect's context at `time` in `stage` with this memo, recording in `log`. */
const ctxAt = (time: number, stage: string | null, memo: Record<string, unknown>, log: unknown[]) =>
  ({
    ...recorder(log),
    event: { id: `e@${time}`, userId: 'u1', time },
    ruleId: 'r',
    stage,
    timezone: 'UTC',
    memo,
  }) as unknown as Ctx & { stage: string | null; ruleId: string };

/** One dispatch: hours after the previous one; its awards, each maybe followed by another change of the slice. */
const dispatch = fc.record({
  hours: fc.integer({ min: -48, max: 24 * 40 }),
  awards: fc.array(fc.record({ amount: fc.integer({ min: 1, max: 400 }), other: fc.boolean() }), {
    maxLength: 3,
  }),
});

/**
 * The slices after `dispatches`, each dispatch's awards applied (marked quiet by `reviewAwarded` when `inPlace`),
 * then the review after the stage; and what the reviews emitted and armed.
 */
function run(
  dispatches: Array<{ hours: number; awards: Array<{ amount: number; other: boolean }> }>,
  settings: IncentivesSettings,
  inPlace: boolean,
  counts = { reviewed: 0 },
) {
  let slice: IncentivesState = initialState();
  let t = T0;
  let n = 0;
  const log: unknown[] = [];
  const slices: string[] = [];
  for (const { hours, awards } of dispatches) {
    t += hours * HOUR;
    const memo: Record<string, unknown> = {};
    let next = slice;
    for (const { amount, other } of awards) {
      const ctx = ctxAt(t, 'action', memo, log);
      (ctx.event as { id: string }).id = `e${n++}`;
      const before = next;
      next = award(before, { amount }, ctx, settings).state;
      const tier = next.tier;
      if (inPlace) reviewAwarded(next, before, ctx, settings);
      // Marks only: the tier is not written.
      expect(next.tier).toBe(tier);
      if (quietAt(next, settings.tiers, t)) {
        counts.reviewed++;
        // The review of an unmarked copy leaves it as it is too, emitting nothing, and the review after the stage
        // returns it at once.
        const quiet: unknown[] = [];
        const copy = sliceWith(next, {});
        expect(reviewUserTier(copy, ctxAt(t, 'action', {}, quiet), settings)).toBe(copy);
        expect(quiet).toEqual([]);
        expect(reviewUserTier(next, ctxAt(t, 'action', memo, log), settings)).toBe(next);
      }
      // Another effect of the same stage changes another part of the slice.
      if (other) next = sliceWith(next, { badges: { ...next.badges, [`b${n}`]: { at: t } } as never });
    }
    if (settings.tiers.auto !== false) next = reviewUserTier(next, ctxAt(t, 'action', memo, log), settings);
    slices.push(JSON.stringify(next));
    slice = next;
  }
  return { slices, log };
}

describe('an award reviewed in place (reviewAwarded)', () => {
  it('leaves, after the review that follows its stage, what that review alone leaves', () => {
    const counts = { reviewed: 0 };
    fc.assert(
      fc.property(fc.array(dispatch, { minLength: 1, maxLength: 30 }), (dispatches) => {
        const fast = run(dispatches, defaultSettings, true, counts);
        const plain = run(dispatches, defaultSettings, false);
        expect(fast.slices).toEqual(plain.slices);
        expect(fast.log).toEqual(plain.log);
      }),
      { numRuns: 200 },
    );
    // Awards were marked quiet: the check is not vacuous.
    expect(counts.reviewed).toBeGreaterThan(100);
  });

  it('marks nothing when tiers are not reviewed automatically, nor for an award outside a stage', () => {
    const manual = { ...defaultSettings, tiers: { ...defaultSettings.tiers, auto: false } };
    fc.assert(
      fc.property(fc.array(dispatch, { minLength: 1, maxLength: 20 }), (dispatches) => {
        const counts = { reviewed: 0 };
        expect(run(dispatches, manual, true, counts)).toEqual(run(dispatches, manual, false));
        expect(counts.reviewed).toBe(0);
      }),
      { numRuns: 100 },
    );
    let state = initialState();
    const memo = {};
    const first = award(state, { amount: 5 }, ctxAt(T0, 'action', memo, []), defaultSettings).state;
    reviewAwarded(first, state, ctxAt(T0, 'action', memo, []), defaultSettings);
    state = reviewUserTier(first, ctxAt(T0, 'action', memo, []), defaultSettings);
    // A hook's award after the rules (no stage): no review follows it, none is made.
    const hookCtx = ctxAt(T0 + HOUR, null, {}, []);
    const after = award(state, { amount: 5 }, hookCtx, defaultSettings).state;
    reviewAwarded(after, state, hookCtx, defaultSettings);
    expect(quietAt(after, defaultSettings.tiers, T0 + HOUR)).toBe(false);
    // The same award in a rule's stage is marked.
    const staged = award(state, { amount: 5 }, ctxAt(T0 + HOUR, 'action', {}, []), defaultSettings).state;
    reviewAwarded(staged, state, ctxAt(T0 + HOUR, 'action', {}, []), defaultSettings);
    expect(quietAt(staged, defaultSettings.tiers, T0 + HOUR)).toBe(true);
  });
});
