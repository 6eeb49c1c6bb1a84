import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../settings';
import type { LedgerEntry } from '../types';
import { contributionScore, nextScoreDrop } from './score';
import { initialState } from './state';

const DAY = 86_400_000;
const award = (id: string, day: number, amount: number): LedgerEntry => ({
  id,
  kind: 'award',
  eventId: id,
  ruleId: 'r',
  wallet: 'points',
  amount,
  reason: '',
  at: day * DAY,
});

describe('contribution score', () => {
  const tiers = defaultSettings.tiers; // points over 90 days
  const state = {
    ...initialState(),
    entries: [
      award('a', 0, 100),
      award('b', 10, 150),
      { ...award('rb', 11, -50), kind: 'revoke' as const, reverses: 'b' },
      award('c', 20, 100),
    ],
  };

  it('is the net points earned in the window', () => {
    expect(contributionScore(state, tiers, 20 * DAY, 'UTC')).toBe(300);
    expect(contributionScore(state, tiers, 95 * DAY, 'UTC')).toBe(200);
  });

  it('tells when the score leaves a threshold with no new activity, or null', () => {
    expect(nextScoreDrop(state, tiers, 20 * DAY, 'UTC', 200)).toBe(100 * DAY); // 'b' (net 100) leaves
    expect(nextScoreDrop(state, tiers, 20 * DAY, 'UTC', 300)).toBe(90 * DAY);
    expect(nextScoreDrop(state, tiers, 20 * DAY, 'UTC', 0)).toBeNull();
    for (const threshold of [50, 150, 250, 300]) {
      const at = nextScoreDrop(state, tiers, 20 * DAY, 'UTC', threshold)!;
      expect(contributionScore(state, tiers, at, 'UTC')).toBeLessThan(threshold);
      expect(contributionScore(state, tiers, at - 1, 'UTC')).toBeGreaterThanOrEqual(threshold);
    }
  });

  it('with weighted actions, counts local days in the window', () => {
    const actions = { ...tiers, score: { source: 'actions' as const, windowDays: 7, weights: { help: 3 } } };
    const withActivity = {
      ...initialState(),
      activity: [[0, 'help', 2] as [number, string, number], [3, 'post', 1] as [number, string, number]],
    };
    expect(contributionScore(withActivity, actions, 3 * DAY, 'UTC')).toBe(7);
    expect(nextScoreDrop(withActivity, actions, 3 * DAY, 'UTC', 7)).toBe(7 * DAY);
  });
});
