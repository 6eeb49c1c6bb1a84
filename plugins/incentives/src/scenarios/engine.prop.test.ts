import { createEngine, createManualClock, createMemoryStore, type PolicyDocument } from '@engageloop/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { balanceOf, type IncentivesState, incentives, ledgerOf } from '../index';

const policy: PolicyDocument = {
  version: 1,
  defaults: { timezone: 'Asia/Shanghai' },
  eventTypes: { 'review.submitted': {}, 'review.deleted': {}, 'donation.requested': {} },
  settings: {
    incentives: {
      wallets: { points: { validForDays: 20 }, charity: {} },
      caps: [{ id: 'daily', rules: ['review'], period: 'day', max: 50 }],
    },
  },
  rules: [
    // The same award twice in one rule (a duplicated path): exactly once per (event, rule, wallet).
    {
      id: 'review',
      stage: 'motivation',
      on: 'review.submitted',
      effects: [
        { type: 'incentives.award', params: { amount: 20 } },
        { type: 'incentives.award', params: { amount: 20 } },
      ],
    },
    {
      id: 'review-bonus',
      stage: 'action',
      on: 'review.submitted',
      effects: [{ type: 'incentives.award', params: { amount: 20, caps: ['daily'] } }],
    },
    {
      id: 'undo',
      stage: 'action',
      on: 'review.deleted',
      effects: [{ type: 'incentives.revoke', params: { eventIdPath: '$.payload.target' } }],
    },
    {
      id: 'donate',
      stage: 'action',
      on: 'donation.requested',
      effects: [
        {
          type: 'incentives.convert',
          params: { from: 'points', to: 'charity', amountPath: '$.payload.points' },
        },
      ],
    },
  ],
};

const DAY = 86_400_000;
const T0 = Date.parse('2026-01-01T00:00:00Z');
const stepArb = fc.record({
  kind: fc.constantFrom('review.submitted', 'review.submitted', 'review.deleted', 'donation.requested'),
  hour: fc.integer({ min: 0, max: 24 * 40 }),
  target: fc.nat(),
  points: fc.integer({ min: 1, max: 80 }),
});

describe('engine properties', () => {
  it('no negative balance, sum of entries, one entry per (event, rule, wallet), replay awards nothing', async () => {
    // One engine, one user per run: the property is per user. Every entry is kept (a revoke window longer
    // than the journeys), so balances are sums of entries; folding is checked in ledger/checkpoint.prop.test.ts.
    const engine = createEngine({
      plugins: [incentives({ retentionDays: 36_600 })],
      policy,
      store: createMemoryStore(),
      clock: createManualClock(T0),
    });
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 25 }), async (steps) => {
        const userId = `u${++run}`;
        const events = steps.map((s, i) => ({
          id: `${userId}-e${i}`,
          type: s.kind,
          userId,
          at: new Date(T0 + s.hour * 3_600_000).toISOString(),
          payload:
            s.kind === 'review.deleted'
              ? { target: `${userId}-e${s.target % (i + 1)}` }
              : { points: s.points },
        }));
        const outcomes = [];
        for (const e of events) outcomes.push(await engine.dispatch(e));
        for (const o of outcomes) expect(o.status, JSON.stringify(o.error)).toBe('applied');
        for (const o of outcomes.filter((o) => o.type === 'review.submitted')) {
          expect(o.effects.filter((e) => e.ruleId === 'review').map((e) => e.report.status)[1]).not.toBe(
            'applied',
          );
        }
        const user = await engine.getUser(userId);
        const state = user!.slices.incentives as IncentivesState;
        // The slice keeps no id it can rebuild (see `StoredEntry`): `ledgerOf` reads the entries with theirs.
        const ids = ledgerOf(state).map((e) => e.id);
        expect(new Set(ids).size).toBe(ids.length);
        for (let day = 0; day <= 70; day += 3) {
          const t = T0 + day * DAY;
          const b = balanceOf(user, 'points', t);
          expect(
            b.available,
            JSON.stringify({ day, state, outcomes: outcomes.map((o) => o.effects) }),
          ).toBeGreaterThanOrEqual(0);
          const sum = state.entries
            .filter((e) => e.wallet === 'points' && e.at <= t)
            .reduce((s, e) => s + e.amount, 0);
          expect(b.total).toBe(sum);
        }
        for (const e of events) expect((await engine.dispatch(e)).status).toBe('duplicate');
        expect(await engine.getUser(userId)).toEqual(user);
      }),
      { numRuns: 30 },
    );
  }, 60_000);
});
