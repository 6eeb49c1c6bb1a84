import { createEngine, createManualClock, createMemoryStore, type PolicyDocument } from '@engageloop/core';
import { describe, expect, it } from 'vitest';
import { balanceOf, growthSummary, incentives } from '../index';

const policy: PolicyDocument = {
  version: 1,
  defaults: { timezone: 'Asia/Shanghai', locale: 'zh-CN' },
  eventTypes: { 'review.submitted': {}, 'review.deleted': {}, 'donation.requested': {} },
  settings: {
    incentives: {
      wallets: { points: {}, charity: {} },
      caps: [{ id: 'review-daily', rules: ['review-points'], period: 'day', max: 30 }],
      budgets: [{ id: 'global', wallet: 'points', period: 'month', max: 45 }],
    },
  },
  rules: [
    {
      id: 'review-points',
      stage: 'motivation',
      on: 'review.submitted',
      effects: [{ type: 'incentives.award', params: { amount: 20, reason: 'review' } }],
    },
    {
      id: 'review-undo',
      stage: 'action',
      on: 'review.deleted',
      effects: [{ type: 'incentives.revoke', params: { eventIdPath: '$.payload.reviewEventId' } }],
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

const setup = () => {
  const clock = createManualClock('2026-01-01T00:00:00Z');
  const engine = createEngine({ plugins: [incentives()], policy, store: createMemoryStore(), clock });
  return { engine, clock };
};
const ev = (id: string, type: string, at: string, payload: Record<string, unknown> = {}, userId = 'u1') => ({
  id,
  type,
  userId,
  at,
  payload,
});

describe('incentives through the engine', () => {
  it('awards, caps per local day, reports the cap, and never awards twice on replay', async () => {
    const { engine } = setup();
    const capped: unknown[] = [];
    engine.on('reward:capped', (p) => capped.push(p));
    const first = await engine.dispatch(ev('e1', 'review.submitted', '2026-01-01T02:00:00Z'));
    expect(first.status).toBe('applied');
    expect(first.effects[0]?.report.status).toBe('applied');
    const second = await engine.dispatch(ev('e2', 'review.submitted', '2026-01-01T03:00:00Z'));
    expect(second.effects[0]?.report).toMatchObject({ status: 'capped' });
    expect(second.emitted).toContain('reward:capped');
    expect(capped).toHaveLength(1);
    expect((await engine.dispatch(ev('e1', 'review.submitted', '2026-01-01T02:00:00Z'))).status).toBe(
      'duplicate',
    );
    expect(balanceOf(await engine.getUser('u1'), 'points', '2026-01-02T00:00:00Z').available).toBe(30);
  });

  it('a global budget limits all users together', async () => {
    const { engine } = setup();
    await engine.dispatch(ev('a1', 'review.submitted', '2026-01-01T02:00:00Z', {}, 'a'));
    await engine.dispatch(ev('b1', 'review.submitted', '2026-01-01T02:00:00Z', {}, 'b'));
    const c = await engine.dispatch(ev('c1', 'review.submitted', '2026-01-01T02:00:00Z', {}, 'c'));
    expect(c.effects[0]?.report).toMatchObject({ status: 'capped', data: { points: 5 } });
  });

  it('revokes with a reversal entry and converts points to charity', async () => {
    const { engine } = setup();
    await engine.dispatch(ev('e1', 'review.submitted', '2026-01-01T02:00:00Z'));
    await engine.dispatch(ev('e2', 'review.submitted', '2026-01-02T02:00:00Z'));
    const undo = await engine.dispatch(
      ev('e3', 'review.deleted', '2026-01-02T03:00:00Z', { reviewEventId: 'e2' }),
    );
    expect(undo.effects[0]?.report.status).toBe('applied');
    const donate = await engine.dispatch(
      ev('e4', 'donation.requested', '2026-01-03T00:00:00Z', { points: 15 }),
    );
    expect(donate.effects[0]?.report.status).toBe('applied');
    const tooMuch = await engine.dispatch(
      ev('e5', 'donation.requested', '2026-01-03T00:00:00Z', { points: 15 }),
    );
    expect(tooMuch.effects[0]?.report).toMatchObject({ status: 'skipped', reason: 'insufficient-balance' });
    const user = await engine.getUser('u1');
    expect(balanceOf(user, 'points', '2026-01-04T00:00:00Z').available).toBe(5);
    expect(balanceOf(user, 'charity', '2026-01-04T00:00:00Z').available).toBe(15);
    expect(growthSummary(user, '2026-01-04T00:00:00Z').earned).toEqual({ charity: 0, points: 20 });
  });
});
