import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appendEntry } from '../ledger/ledger';
import { sameTier } from '../model/same-tier';
import { contributionScore, nextScoreDrop } from '../model/score';
import { boundedScore } from '../model/score-bound';
import { initialState, sliceWith } from '../model/state';
import { reviewTier } from '../model/tiers';
import { defaultSettings } from '../settings';
import type { IncentivesSettings } from '../settings-types';
import { localDayNumber } from '../time';
import type { IncentivesState, TierState } from '../types';
import { type Ctx, LIMITS } from './shared';
import { armedReviewAt, reviewUserTier, unchangedSince } from './tier-review';

const HOUR = 3_600_000;
const TZ = 'America/New_York';
const T0 = Date.parse('2026-03-01T00:00:00Z');

type Review = (state: IncentivesState, ctx: Ctx, settings: IncentivesSettings) => IncentivesState;

/**
 * The review before the lazy timer, kept here as the reference: a full review every time, the review timer
 * re-armed whenever the time it needs moved (what `reviewUserTier` did before it kept earlier armed times and
 * skipped reviews of unchanged inputs).
 */
const eagerReview: Review = (state, ctx, settings) => {
  const t = ctx.event.time;
  const { tiers } = settings;
  const score = contributionScore(state, tiers, t, ctx.timezone);
  const review = reviewTier(state.tier, score, t, tiers);
  let tierHistory = state.tierHistory;
  if (review.changed) {
    tierHistory = [...tierHistory, { tier: review.changed.to, at: t }].slice(-LIMITS.tierHistory);
    ctx.emit('tier:changed', { eventId: ctx.event.id, userId: ctx.event.userId, ...review.changed, score });
  } else if (!state.tier) tierHistory = [{ tier: review.state.id, at: t }];
  if (review.warning)
    ctx.emit('tier:will-downgrade', {
      eventId: ctx.event.id,
      userId: ctx.event.userId,
      tier: review.warning.tier,
      to: review.warning.to,
      downgradeAt: new Date(review.warning.downgradeAt).toISOString(),
      score,
    });
  const level = tiers.levels.findIndex((l) => l.id === review.state.id);
  const reviewAt =
    review.reviewAt ??
    (level > 0 ? nextScoreDrop(state, tiers, t, ctx.timezone, tiers.levels[level]!.minScore) : null);
  if (reviewAt !== (state.tier?.reviewAt ?? null)) {
    if (reviewAt === null) ctx.cancelTimer('tier');
    else ctx.schedule({ id: 'tier', type: 'incentives.tier-review', dueAt: reviewAt, userId: 'u1' });
  }
  const tier = reviewAt === null ? review.state : { ...review.state, reviewAt };
  return sameTier(state.tier, tier) && tierHistory === state.tierHistory
    ? state
    : sliceWith(state, { tier, tierHistory });
};

/** Hours before the clock: a late event (its award and review at that earlier time). */
const lateArb = fc.oneof(
  { weight: 5, arbitrary: fc.constant(0) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 72 }) },
);

const stepArb = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('award' as const),
      amount: fc.integer({ min: 1, max: 700 }),
      late: lateArb,
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('revoke' as const), pick: fc.nat() }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('advance' as const),
      hours: fc.integer({ min: 0, max: 24 * 12 }),
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('view' as const), late: lateArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reload' as const), freeze: fc.boolean() }) },
);
type Step = typeof stepArb extends fc.Arbitrary<infer S> ? S : never;

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

/** What a user sees of a tier: not when its review timer fires, nor what its last review read. */
const seen = (tier: TierState | null) =>
  tier && {
    id: tier.id,
    since: tier.since,
    belowSince: tier.belowSince,
    downgradeAt: tier.downgradeAt,
    warned: tier.warned,
  };

/**
 * Plays a history on one user as the engine would: every event (an award, a view) is a dispatch reviewing
 * twice (after the action stage and after all rules), and time advancing fires the armed review timer at its
 * due time (a dispatch of its own). Returns what the user saw after each step, the events emitted, the
 * review timer armed after each step, how many times the timer was armed, how many reviews the lazy
 * review would skip for unchanged inputs, and how many more for a score bounded below the next level.
 */
function play(steps: Step[], settings: IncentivesSettings, review: Review) {
  const log: unknown[] = [];
  const emitted: unknown[] = [];
  const timers: Array<number | null> = [];
  let armings = 0;
  let skipped = 0;
  let bounded = 0;
  let armed: number | null = null;
  let now = T0;
  let state: IncentivesState = initialState();
  let n = 0;
  const dispatch = (id: string, t: number) => {
    for (let i = 0; i < 2; i++) {
      const ctx = {
        event: { id, userId: 'u1', time: t },
        timezone: TZ,
        now,
        memo: {},
        emit: (name: string, payload: unknown) => emitted.push([name, payload]),
        schedule: (timer: { dueAt: number }) => {
          armed = timer.dueAt;
          armings++;
        },
        cancelTimer: () => {
          armed = null;
        },
      } as unknown as Ctx;
      if (unchangedSince(state, t, settings, TZ)) skipped++;
      else if (boundedScore(state, state, settings.tiers, t, undefined) !== undefined) bounded++;
      state = review(state, ctx, settings);
    }
  };
  for (const step of steps) {
    if (step.kind === 'advance') {
      const until = now + step.hours * HOUR;
      while (armed !== null && armed <= until) {
        const due: number = armed;
        armed = null;
        now = Math.max(now, due);
        dispatch(`timer@${due}`, due);
      }
      now = until;
    } else if (step.kind === 'award') {
      const at = now - step.late * HOUR;
      const id = `a${++n}`;
      state = appendEntry(state, {
        id: `${id}:r:points`,
        kind: 'award',
        eventId: id,
        ruleId: 'r',
        wallet: 'points',
        amount: step.amount,
        reason: 'r',
        at,
      });
      state = sliceWith(state, {
        activity: [...state.activity, [localDayNumber(at, TZ), 'act', step.amount]],
      });
      dispatch(id, at);
    } else if (step.kind === 'view') {
      dispatch(`v${++n}`, now - step.late * HOUR);
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
        at: now,
        reverses: original.id,
      });
      dispatch(`r${n}`, now);
    } else {
      const copy = structuredClone(state);
      state = step.freeze ? deepFreeze(copy) : copy;
    }
    log.push([seen(state.tier), state.tierHistory]);
    timers.push(armed);
  }
  return { log, emitted, timers, armings, skipped, bounded };
}

const settingsArb = tiersArb.map(
  (d): IncentivesSettings => ({
    ...defaultSettings,
    tiers: {
      ...defaultSettings.tiers,
      score: { source: d.source, wallet: 'points', windowDays: d.windowDays },
      downgrade: { mode: d.mode, graceDays: d.graceDays, warnDays: d.warnDays },
    },
  }),
);

describe('lazy review timer, reviews of unchanged inputs skipped', () => {
  it('the same tiers, history and tier events as the eager timer, with no more timer writes', () => {
    let skipped = 0;
    let bounded = 0;
    fc.assert(
      fc.property(settingsArb, fc.array(stepArb, { maxLength: 50 }), (settings, steps) => {
        const lazy = play(steps, settings, reviewUserTier);
        const eager = play(steps, settings, eagerReview);
        expect(lazy.log).toEqual(eager.log);
        expect(lazy.emitted).toEqual(eager.emitted);
        // Whenever the eager timer is armed, so is the lazy one (not always earlier: an eager review of a late
        // event arms the time its own inputs drop, which a later lazy review of all inputs may have moved on).
        eager.timers.forEach((at, i) => {
          if (at !== null) expect(lazy.timers[i]).not.toBeNull();
        });
        // The timer is moved only when the eager one would have been moved.
        expect(lazy.armings).toBeLessThanOrEqual(eager.armings);
        skipped += lazy.skipped;
        bounded += lazy.bounded;
      }),
      { numRuns: 400 },
    );
    expect(skipped).toBeGreaterThan(1000);
    // Reviews after awards, left as they were by the bound of the score (`boundedScore`), not vacuous either.
    expect(bounded).toBeGreaterThan(100);
  });

  it('a user earning steadily: the timer armed a few times instead of at every award', () => {
    const settings: IncentivesSettings = {
      ...defaultSettings,
      tiers: { ...defaultSettings.tiers, score: { source: 'points', wallet: 'points', windowDays: 7 } },
    };
    // An award every 5 hours for 30 days, 40 points each: the score rises, then holds at 1,320 (core).
    const steps: Step[] = [];
    for (let i = 0; i < 144; i++)
      steps.push({ kind: 'award', amount: 40, late: 0 }, { kind: 'advance', hours: 5 });
    const lazy = play(steps, settings, reviewUserTier);
    const eager = play(steps, settings, eagerReview);
    expect(lazy.log).toEqual(eager.log);
    // 140 armings (every award once the score is above the entry tier) against 14.
    expect(eager.armings).toBeGreaterThanOrEqual(100);
    expect(lazy.armings).toBeLessThanOrEqual(eager.armings / 5);
  });

  it('reviews again after a review that changed the tier: with no grace, one tier at a time', () => {
    const settings: IncentivesSettings = {
      ...defaultSettings,
      tiers: {
        ...defaultSettings.tiers,
        score: { source: 'points', wallet: 'points', windowDays: 1 },
        downgrade: { mode: 'one-tier', graceDays: 0, warnDays: 0 },
      },
    };
    const steps: Step[] = [
      { kind: 'award', amount: 700, late: 0 },
      { kind: 'award', amount: 400, late: 0 },
      { kind: 'advance', hours: 48 },
    ];
    const { emitted } = play(steps, settings, reviewUserTier);
    const changes = emitted
      .map((e) => e as [string, { from: string; to: string; eventId: string }])
      .filter(([name]) => name === 'tier:changed');
    expect(changes.map(([, c]) => [c.from, c.to, c.eventId.startsWith('timer@')])).toEqual([
      [null, 'advanced', false],
      ['advanced', 'core', false],
      ['core', 'advanced', true],
      ['advanced', 'basic', true],
    ]);
  });
});

describe('armedReviewAt', () => {
  it('keeps an armed time still ahead and earlier than needed; else arms what is needed, or nothing', () => {
    expect(armedReviewAt(50, 80, 10)).toBe(50);
    expect(armedReviewAt(90, 80, 10)).toBe(80);
    expect(armedReviewAt(80, 80, 10)).toBe(80);
    expect(armedReviewAt(undefined, 80, 10)).toBe(80);
    // Fired, or firing (a review ran at or after it).
    expect(armedReviewAt(10, 80, 10)).toBe(80);
    expect(armedReviewAt(5, 80, 10)).toBe(80);
    expect(armedReviewAt(50, null, 10)).toBeNull();
    expect(armedReviewAt(undefined, null, 10)).toBeNull();
  });
});
