import { describe, expect, it } from 'vitest';
import type { MilestoneSettings } from '../settings-types';
import { grantBadge } from './badges';
import { newlyReached, nextMilestone } from './milestones';
import { applicableMultipliers, multiplierFactor } from './multipliers';
import { initialState } from './state';

const milestones: MilestoneSettings[] = [
  { id: 'helper-5', action: 'help', threshold: 5, badge: 'neighbourhood-expert' },
  { id: 'helper-10', action: 'help', threshold: 10 },
  { id: 'checkin-30', streak: 'checkin', threshold: 30 },
];
const noStreak = () => 0;

describe('milestones', () => {
  it('reaches a threshold once', () => {
    const state = { ...initialState(), actions: { help: 5 } };
    expect(newlyReached(state, milestones, noStreak).map((m) => m.id)).toEqual(['helper-5']);
    const done = { ...state, milestones: { 'helper-5': 1 } };
    expect(newlyReached(done, milestones, noStreak)).toEqual([]);
    expect(
      newlyReached(initialState(), milestones, (id) => (id === 'checkin' ? 30 : 0)).map((m) => m.id),
    ).toEqual(['checkin-30']);
  });

  it('tells how far the next milestone is ("2 to go")', () => {
    const state = { ...initialState(), actions: { help: 8 }, milestones: { 'helper-5': 1 } };
    expect(nextMilestone(state, milestones, noStreak, 2, { action: 'help' })).toEqual({
      id: 'helper-10',
      threshold: 10,
      current: 8,
      remaining: 2,
      close: true,
    });
    expect(nextMilestone(state, milestones, noStreak, 2, { id: 'missing' })).toBeNull();
  });
});

describe('badges', () => {
  it('one-off badges are granted once; levelled ones climb and never drop', () => {
    const once = grantBadge(initialState(), 'first-review', undefined, 1);
    expect(once.kind).toBe('granted');
    expect(grantBadge(once.state, 'first-review', undefined, 2).kind).toBe('duplicate');
    const levels = { levels: ['bronze', 'silver', 'gold'] };
    const l1 = grantBadge(initialState(), 'reviewer', levels, 1);
    const l2 = grantBadge(l1.state, 'reviewer', levels, 2);
    expect(l2).toMatchObject({ kind: 'granted', level: 2, previousLevel: 1 });
    expect(grantBadge(l2.state, 'reviewer', levels, 3, 1).kind).toBe('duplicate');
    expect(grantBadge(l2.state, 'reviewer', levels, 3, 9)).toMatchObject({ level: 3 });
  });
});

describe('multipliers', () => {
  const multipliers = [
    { id: 'core-proposals', factor: 2, tiers: ['core'], rules: ['proposal'] },
    { id: 'spring', factor: 1.5, from: '2026-03-01T00:00:00Z', to: '2026-04-01T00:00:00Z' },
  ];
  it('apply by tier, rule and campaign window', () => {
    const t = Date.parse('2026-03-10T00:00:00Z');
    expect(multiplierFactor(multipliers, { ruleId: 'proposal', wallet: 'points', tier: 'core', t })).toBe(3);
    expect(multiplierFactor(multipliers, { ruleId: 'proposal', wallet: 'points', tier: 'basic', t })).toBe(
      1.5,
    );
    expect(
      applicableMultipliers(multipliers, {
        ruleId: 'proposal',
        wallet: 'points',
        tier: 'core',
        t: Date.parse('2026-04-01T00:00:00Z'),
      }),
    ).toHaveLength(1);
  });
});
