import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appendEntry } from '../ledger/ledger';
import { initialState, sliceWith } from '../model/state';
import { defaultSettings } from '../settings';
import type { IncentivesSettings } from '../settings-types';
import { localDayNumber } from '../time';
import type { IncentivesState } from '../types';
import { reviewedQuietly, reviewUserTier } from './progress';
import type { Ctx } from './shared';

const HOUR = 3_600_000;
const TZ = 'Asia/Shanghai';

/** A context recording what a review emits, schedules and cancels; `memo` is its dispatch's memo. */
function recorder(userId: string, t: number, memo: Record<string, unknown>) {
  const log: unknown[] = [];
  const ctx = {
    event: { id: `e${t}`, userId, time: t },
    timezone: TZ,
    memo,
    emit: (name: string, payload: unknown) => log.push(['emit', name, payload]),
    schedule: (timer: unknown) => log.push(['schedule', timer]),
    cancelTimer: (id: string) => log.push(['cancel', id]),
  };
  return { ctx: ctx as unknown as Ctx, log };
}

const stepArb = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('award' as const), amount: fc.integer({ min: 1, max: 700 }) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('revoke' as const), pick: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('advance' as const),
      hours: fc.integer({ min: 0, max: 24 * 12 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('review' as const), times: fc.integer({ min: 1, max: 3 }) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reload' as const), freeze: fc.boolean() }) },
);

const tiersArb = fc.record({
  source: fc.constantFrom<'points' | 'actions'>('points', 'actions'),
  windowDays: fc.integer({ min: 1, max: 10 }),
  mode: fc.constantFrom<'one-tier' | 'to-score'>('one-tier', 'to-score'),
  // A grace of 0 lets one review downgrade again right after a downgrade (one tier at a time).
  graceDays: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 6 })),
  warnDays: fc.integer({ min: 0, max: 8 }),
});

const deepFreeze = <T>(value: T): T => {
  if (typeof value === 'object' && value !== null) {
    for (const item of Object.values(value)) deepFreeze(item);
    Object.freeze(value);
  }
  return value;
};

type Step = typeof stepArb extends fc.Arbitrary<infer S> ? S : never;

/**
 * Plays a history on one user, reviewing with `settingsOf()`; returns what each review did: its events
 * and timers, the slice's JSON, whether the slice was kept as it was; and how many reviews the
 * shortcut would skip.
 */
function play(steps: Step[], settingsOf: () => IncentivesSettings) {
  const log: unknown[] = [];
  let skipped = 0;
  let t = Date.parse('2026-01-01T00:00:00Z');
  let state: IncentivesState = initialState();
  let n = 0;
  for (const step of steps) {
    if (step.kind === 'advance') t += step.hours * HOUR;
    else if (step.kind === 'award') {
      const id = `a${++n}:r:points`;
      state = appendEntry(state, {
        id,
        kind: 'award',
        eventId: `a${n}`,
        ruleId: 'r',
        wallet: 'points',
        amount: step.amount,
        reason: 'r',
        at: t,
      });
      state = sliceWith(state, {
        activity: [...state.activity, [localDayNumber(t, TZ), 'act', step.amount]],
      });
    } else if (step.kind === 'revoke') {
      const awards = state.entries.filter((e) => e.kind === 'award');
      const original = awards[step.pick % Math.max(1, awards.length)];
      if (!original || state.entries.some((e) => e.reverses === original.id)) continue;
      state = appendEntry(state, {
        id: `rev:${original.id}`,
        kind: 'revoke',
        eventId: `r${++n}`,
        ruleId: 'undo',
        wallet: 'points',
        amount: -original.amount,
        reason: 'undo',
        at: t,
        reverses: original.id,
      });
    } else if (step.kind === 'reload') {
      const copy = structuredClone(state);
      state = step.freeze ? deepFreeze(copy) : copy;
    } else {
      // One dispatch reviewing `times` times (as after the action stage and after all rules): one memo.
      const memo: Record<string, unknown> = {};
      for (let i = 0; i < step.times; i++) {
        const settings = settingsOf();
        const { ctx, log: ops } = recorder('u1', t, memo);
        if (reviewedQuietly(memo, state, settings.tiers, t, TZ)) skipped++;
        const next = reviewUserTier(state, ctx, settings);
        log.push({ t, ops, slice: JSON.stringify(next), kept: next === state });
        state = next;
      }
    }
  }
  return { log, skipped };
}

describe('tier review after a quiet review', () => {
  it('answers as the full review (slice, events, timers) on any history; the shortcut is taken', () => {
    let skipped = 0;
    fc.assert(
      fc.property(tiersArb, fc.array(stepArb, { maxLength: 40 }), (d, steps) => {
        const tiers: IncentivesSettings['tiers'] = {
          ...defaultSettings.tiers,
          score: { source: d.source, wallet: 'points', windowDays: d.windowDays },
          downgrade: { mode: d.mode, graceDays: d.graceDays, warnDays: d.warnDays },
        };
        const settings: IncentivesSettings = { ...defaultSettings, tiers };
        const quick = play(steps, () => settings);
        // The full review every time: tier settings the shortcut has never seen.
        const full = play(steps, () => ({ ...settings, tiers: { ...tiers } }));
        expect(full.skipped).toBe(0);
        expect(quick.log).toEqual(full.log);
        skipped += quick.skipped;
      }),
      { numRuns: 400 },
    );
    expect(skipped).toBeGreaterThan(100);
  });

  it('reviews again after a review that changed the tier: with no grace, one tier at a time', () => {
    const tiers: IncentivesSettings['tiers'] = {
      ...defaultSettings.tiers,
      score: { source: 'points', wallet: 'points', windowDays: 1 },
      downgrade: { mode: 'one-tier', graceDays: 0, warnDays: 0 },
    };
    const settings: IncentivesSettings = { ...defaultSettings, tiers };
    const steps: Step[] = [
      { kind: 'award', amount: 700 },
      { kind: 'award', amount: 400 },
      { kind: 'review', times: 1 },
      { kind: 'advance', hours: 48 },
      { kind: 'review', times: 2 },
    ];
    const { log } = play(steps, () => settings);
    const tierOf = (row: unknown) =>
      (JSON.parse((row as { slice: string }).slice) as IncentivesState).tier?.id;
    expect(log.map(tierOf)).toEqual(['core', 'advanced', 'basic']);
  });
});
