import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../settings';
import type { LedgerEntry } from '../types';
import { contributionScore, nextScoreDrop } from './score';
import { scoreAt, scoreDropAfter } from './score-cache';
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

describe('remembered score', () => {
  const tiers = defaultSettings.tiers;
  const state = { ...initialState(), entries: [award('a', 0, 100), award('b', 10, 150)] };

  it('answers as contributionScore and nextScoreDrop for every time, time zone, settings and threshold', () => {
    const weekly = { ...tiers, score: { ...tiers.score, windowDays: 7 } };
    for (const t of [5 * DAY, 12 * DAY, 12 * DAY, 95 * DAY, 12 * DAY]) {
      for (const settings of [tiers, weekly]) {
        for (const zone of ['UTC', 'Asia/Shanghai']) {
          expect(scoreAt(state, settings, t, zone)).toBe(contributionScore(state, settings, t, zone));
          for (const threshold of [50, 200, 50]) {
            expect(scoreDropAfter(state, settings, t, zone, threshold)).toBe(
              nextScoreDrop(state, settings, t, zone, threshold),
            );
          }
        }
      }
    }
  });

  it('reads the entries of the slice it is given (a new award is a new array)', () => {
    expect(scoreAt(state, tiers, 12 * DAY, 'UTC')).toBe(250);
    const more = { ...state, entries: [...state.entries, award('c', 12, 30)] };
    expect(scoreAt(more, tiers, 12 * DAY, 'UTC')).toBe(280);
    expect(scoreAt(state, tiers, 12 * DAY, 'UTC')).toBe(250);
  });

  it('with weighted actions, reads the activity', () => {
    const actions = { ...tiers, score: { source: 'actions' as const, windowDays: 7 } };
    const one = { ...initialState(), activity: [[0, 'help', 2] as [number, string, number]] };
    const two = { ...one, activity: [...one.activity, [1, 'help', 1] as [number, string, number]] };
    expect(scoreAt(one, actions, DAY, 'UTC')).toBe(2);
    expect(scoreAt(two, actions, DAY, 'UTC')).toBe(3);
    expect(scoreDropAfter(two, actions, DAY, 'UTC', 3)).toBe(nextScoreDrop(two, actions, DAY, 'UTC', 3));
  });
});
