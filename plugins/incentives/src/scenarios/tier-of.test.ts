import { createEngine, createManualClock, type PolicyDocument } from '@engageloop/core';
import { describe, expect, it } from 'vitest';
import { incentives, tierOf } from '../index';

// A user below the first upgrade is in the entry tier: the engine's first review puts them there
// without a `tier:changed` event, and `tierOf` answers what the `incentives.tier` fact answers.
const policy: PolicyDocument = {
  version: 1,
  defaults: { timezone: 'Asia/Shanghai', locale: 'en' },
  eventTypes: { 'review.submitted': {} },
  settings: {
    incentives: {
      tiers: {
        levels: [
          { id: 'starter', minScore: 0 },
          { id: 'regular', minScore: 30 },
        ],
        score: { source: 'points', wallet: 'points', windowDays: 90 },
        downgrade: { mode: 'one-tier', graceDays: 0, warnDays: 0 },
      },
    },
  },
  rules: [
    {
      id: 'review-points',
      stage: 'action',
      on: 'review.submitted',
      effects: [{ type: 'incentives.award', params: { amount: 20 } }],
    },
    {
      id: 'tier-echo',
      stage: 'value',
      on: 'review.submitted',
      conditions: { all: [{ fact: 'incentives.tier', operator: 'equal', value: 'starter' }] },
      effects: [{ type: 'core.message', params: { topic: 'still-starter', body: 'Keep going' } }],
    },
  ],
};

const review = (id: string, at: string) => ({ id, type: 'review.submitted', userId: 'u1', at, payload: {} });

describe('tierOf', () => {
  it('answers the entry tier for a user the engine reviewed quietly, then the tier an upgrade assigned', async () => {
    const engine = createEngine({
      plugins: [incentives()],
      policy,
      clock: createManualClock('2026-03-01T00:00:00Z'),
    });
    const changes: unknown[] = [];
    engine.on('tier:changed', (p) => changes.push(p));
    expect(tierOf(undefined, engine.policy)).toBe('starter');
    const first = await engine.dispatch(review('e1', '2026-03-01T01:00:00Z'));
    expect(first.fired).toContain('tier-echo');
    expect(changes).toEqual([]);
    expect(tierOf(await engine.getUser('u1'), engine.policy)).toBe('starter');
    await engine.dispatch(review('e2', '2026-03-01T02:00:00Z'));
    expect(changes).toMatchObject([{ userId: 'u1', to: 'regular' }]);
    expect(tierOf(await engine.getUser('u1'), engine.policy)).toBe('regular');
  });

  it('uses the default tiers when the policy configures none', () => {
    expect(tierOf(undefined, { settings: {} })).toBe('basic');
  });
});
