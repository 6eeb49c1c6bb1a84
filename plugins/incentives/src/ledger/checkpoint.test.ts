import {
  createEngine,
  createManualClock,
  createMemoryStore,
  initialUserState,
  type PolicyDocument,
  type UserState,
} from '@engageloop/core';
import { describe, expect, it } from 'vitest';
import { balanceOf, growthOf } from '../growth-api';
import { incentives } from '../index';
import { contributionScore, nextScoreDrop } from '../model/score';
import { initialState, sliceWith } from '../model/state';
import type { TierSettings } from '../settings-types';
import type { FoldedAwards, IncentivesState, LedgerEntry } from '../types';
import { compactLedger } from './compact';
import { foldedPairs, storedFolded } from './recent-awards';

const DAY = 86_400_000;
const T0 = Date.parse('2026-01-01T00:00:00Z');
const SCORE = { wallet: 'points', windowMs: 10 * DAY };

const award = (id: string, amount: number, at: number, wallet = 'points'): LedgerEntry => ({
  id: `${id}:r:${wallet}`,
  kind: 'award',
  eventId: id,
  ruleId: 'r',
  wallet,
  amount,
  reason: 'r',
  at,
});
const reversal = (of: LedgerEntry, amount: number, at: number): LedgerEntry => ({
  ...of,
  id: `rev:${of.id}`,
  kind: 'revoke',
  eventId: `undo-${of.eventId}`,
  amount: -amount,
  at,
  reverses: of.id,
});
const ledger = (...entries: LedgerEntry[]): IncentivesState => sliceWith(initialState(), { entries });

describe('compactLedger (the checkpoint)', () => {
  it('folds entries at or before the cutoff; keeps the score wallet’s awards still in the window', () => {
    const a = award('a', 10, T0);
    const b = award('b', 20, T0 + 5 * DAY);
    const c = award('c', 30, T0 + 8 * DAY, 'charity');
    const d = award('d', 40, T0 + 12 * DAY);
    const folded = compactLedger(ledger(a, b, c, d), T0 + 9 * DAY, SCORE);
    expect(folded.entries).toEqual([d]);
    // a and b are folded inside the window of a query at the cutoff or later (t - 10 days < T0 + 5 days).
    const { recent, ...points } = folded.opening.points!;
    expect(points).toEqual({ lots: [{ amount: 30 }], deficit: 0, expired: 0, earned: 30 });
    expect(foldedPairs(recent)).toEqual([
      [T0, 10],
      [T0 + 5 * DAY, 20],
    ]);
    // Stored flat, each time after the previous one's: [Δat, amount, …].
    expect(recent).toEqual([T0, 10, 5 * DAY, 20]);
    // Only the score's wallet keeps its folded awards.
    expect(folded.opening.charity).toEqual({ lots: [{ amount: 30 }], deficit: 0, expired: 0, earned: 30 });
  });

  it('drops folded awards once they leave the score window, and the list with the last one', () => {
    const state = compactLedger(
      ledger(award('a', 10, T0), award('b', 20, T0 + 5 * DAY)),
      T0 + 6 * DAY,
      SCORE,
    );
    const later = compactLedger(state, T0 + 12 * DAY, SCORE);
    expect(foldedPairs(later.opening.points?.recent)).toEqual([[T0 + 5 * DAY, 20]]);
    const gone = compactLedger(later, T0 + 16 * DAY, SCORE);
    expect(gone.opening.points).not.toHaveProperty('recent');
    expect(gone.opening.points?.earned).toBe(30);
    // Nothing left to fold or drop: the same state.
    expect(compactLedger(gone, T0 + 17 * DAY, SCORE)).toBe(gone);
  });

  it('nets a folded award with its folded reversal, and keeps a credit whose reversal is kept', () => {
    const a = award('a', 50, T0);
    const b = award('b', 30, T0 + DAY);
    const state = ledger(a, reversal(a, 20, T0 + DAY / 2), b, reversal(b, 30, T0 + 5 * DAY));
    const folded = compactLedger(state, T0 + 3 * DAY, SCORE);
    // b's reversal is after the cutoff: b stays in full so the reversal still nets against it.
    expect(folded.entries.map((e) => e.id)).toEqual([b.id, `rev:${b.id}`]);
    expect(foldedPairs(folded.opening.points?.recent)).toEqual([[T0, 30]]);
    expect(folded.opening.points?.earned).toBe(30);
  });

  it('keeps no folded awards without a points score (actions score)', () => {
    const folded = compactLedger(ledger(award('a', 10, T0)), T0 + DAY);
    expect(folded.opening.points).not.toHaveProperty('recent');
    const withRecent = compactLedger(ledger(award('a', 10, T0)), T0 + DAY, SCORE);
    expect(compactLedger(withRecent, T0 + DAY).opening.points).not.toHaveProperty('recent');
  });
});

const policy: PolicyDocument = {
  version: 1,
  defaults: { timezone: 'Asia/Shanghai' },
  eventTypes: { 'task.done': {} },
  settings: {
    incentives: {
      wallets: { points: { validForDays: 60 } },
      tiers: {
        levels: [
          { id: 'basic', minScore: 0 },
          { id: 'advanced', minScore: 25 },
        ],
        score: { source: 'points', wallet: 'points', windowDays: 10 },
        downgrade: { mode: 'one-tier', graceDays: 2, warnDays: 1 },
      },
      ledger: { revokeWindowDays: 1 },
    },
  },
  rules: [
    {
      id: 'r',
      stage: 'action',
      on: 'task.done',
      effects: [{ type: 'incentives.award', params: { amount: 10 } }],
    },
  ],
};

/** An engine at day 403 whose store holds user `u` with `slice` as its incentives state, as JSON would give it back. */
function engineOn(slice: IncentivesState) {
  const doc = { ...initialUserState('u'), slices: { incentives: JSON.parse(JSON.stringify(slice)) } };
  return createEngine({
    plugins: [incentives()],
    policy,
    store: createMemoryStore({ documents: [['user:u', doc]] }),
    clock: createManualClock(T0 + 403 * DAY),
  });
}

describe('a document written before the checkpoint kept folded awards', () => {
  it('loads as it is: its opening (no `recent`) and entries give the balances, and the next award folds', async () => {
    // What the previous version wrote: entries older than 400 days folded (no `recent`), recent ones in full.
    const old = ledger(award('x', 10, T0 + 400 * DAY), award('y', 10, T0 + 401 * DAY));
    const slice: IncentivesState = {
      ...old,
      opening: { points: { lots: [{ amount: 70 }], deficit: 0, expired: 5, earned: 75 } },
      tier: { id: 'basic', since: T0 },
      tierHistory: [{ tier: 'basic', at: T0 }],
    };
    const engine = engineOn(slice);
    const user = (await engine.getUser('u')) as UserState;
    expect(balanceOf(user, 'points', T0 + 402 * DAY)).toMatchObject({ available: 90, expired: 5 });
    const outcome = await engine.dispatch({
      id: 'z',
      type: 'task.done',
      userId: 'u',
      at: new Date(T0 + 403 * DAY).toISOString(),
    });
    expect(outcome.status, JSON.stringify(outcome.error)).toBe('applied');
    const after = (await engine.getUser('u')) as UserState;
    const state = after.slices.incentives as IncentivesState;
    // x and y are past the 1-day revoke window now: folded, and still in the 10-day score window.
    expect(state.entries.map((e) => e.eventId)).toEqual(['z']);
    expect(foldedPairs(state.opening.points?.recent)).toEqual([
      [T0 + 400 * DAY, 10],
      [T0 + 401 * DAY, 10],
    ]);
    expect(balanceOf(after, 'points', T0 + 403 * DAY)).toMatchObject({ available: 100, expired: 5 });
    expect(growthOf(after, T0 + 403 * DAY).earned.points).toBe(105);
    expect(state.tier?.id).toBe('advanced');
  });
});

describe('a checkpoint whose folded awards an earlier version wrote as [at, amount] pairs', () => {
  const tiers = (policy.settings as { incentives: { tiers: TierSettings } }).incentives.tiers;
  /** The user after `z` at day 403 from a checkpoint of `x` (day 400) and `y` (day 401 + 5 ms) stored as `recent`. */
  async function after(recent: FoldedAwards) {
    const slice: IncentivesState = {
      ...ledger(award('w', 10, T0 + 402 * DAY)),
      opening: { points: { lots: [{ amount: 20 }], deficit: 0, expired: 5, earned: 25, recent } },
      tier: { id: 'basic', since: T0 },
      tierHistory: [{ tier: 'basic', at: T0 }],
    };
    const engine = engineOn(slice);
    const before = (await engine.getUser('u')) as UserState;
    const at = new Date(T0 + 403 * DAY).toISOString();
    const outcome = await engine.dispatch({ id: 'z', type: 'task.done', userId: 'u', at });
    expect(outcome.status, JSON.stringify(outcome.error)).toBe('applied');
    return { before, user: (await engine.getUser('u')) as UserState };
  }
  const pairs: Array<[number, number]> = [
    [T0 + 400 * DAY, 10],
    [T0 + 401 * DAY + 5, 10],
  ];

  it('reads and folds like the flat layout: score, its drop, tier, balances, growth', async () => {
    const old = await after(pairs);
    const flat = await after(storedFolded(pairs));
    expect((flat.before.slices.incentives as IncentivesState).opening.points?.recent).toEqual([
      T0 + 400 * DAY,
      10,
      DAY + 5,
      10,
    ]);
    for (const { before, user } of [old, flat]) {
      const state = user.slices.incentives as IncentivesState;
      const score = (t: number) => contributionScore(state, tiers, t, 'UTC');
      expect(
        contributionScore(before.slices.incentives as IncentivesState, tiers, T0 + 402 * DAY, 'UTC'),
      ).toBe(30);
      // w is folded now too, and the checkpoint is written flat.
      expect(state.entries.map((e) => e.eventId)).toEqual(['z']);
      expect(state.opening.points?.recent).toEqual([T0 + 400 * DAY, 10, DAY + 5, 10, DAY - 5, 10]);
      expect(foldedPairs(state.opening.points?.recent)).toEqual([...pairs, [T0 + 402 * DAY, 10]]);
      expect([
        score(T0 + 403 * DAY),
        score(T0 + 410 * DAY),
        score(T0 + 411 * DAY + 5),
        score(T0 + 412 * DAY),
      ]).toEqual([40, 30, 20, 10]);
      expect(nextScoreDrop(state, tiers, T0 + 403 * DAY, 'UTC', 25)).toBe(T0 + 411 * DAY + 5);
      expect(state.tier?.id).toBe('advanced');
      expect(balanceOf(user, 'points', T0 + 403 * DAY)).toMatchObject({ available: 40, expired: 5 });
      expect(growthOf(user, T0 + 403 * DAY).earned.points).toBe(45);
    }
    expect(flat.user).toEqual(old.user);
  });
});
