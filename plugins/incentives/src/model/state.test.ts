import { describe, expect, it } from 'vitest';
import type { IncentivesState } from '../types';
import { initialState, sliceWith } from './state';

const full: IncentivesState = {
  entries: [
    {
      id: 'e:r:points',
      kind: 'award',
      eventId: 'e',
      ruleId: 'r',
      wallet: 'points',
      amount: 5,
      reason: '',
      at: 1,
    },
  ],
  opening: { points: { lots: [{ amount: 3 }], deficit: 0, expired: 1, earned: 4 } },
  usage: { 'daily|day:2026-01-01': { n: 5, at: 1 } },
  tier: { id: 'advanced', since: 1 },
  tierHistory: [{ tier: 'advanced', at: 1 }],
  badges: { helper: { level: 1, at: 1 } },
  streaks: { checkin: { count: 2, last: 3, best: 2, frozen: 0 } },
  actions: { help: 2 },
  activity: [[3, 'help', 2]],
  milestones: { first: 1 },
};

describe('sliceWith', () => {
  it('is the spread of the slice with the given parts, frozen or not', () => {
    for (const state of [full, Object.freeze({ ...full }), initialState()]) {
      expect(sliceWith(state, {})).toEqual({ ...state });
      expect(sliceWith(state, { actions: { help: 3 } })).toEqual({ ...state, actions: { help: 3 } });
      expect(sliceWith(state, { tier: null, tierHistory: [] })).toEqual({
        ...state,
        tier: null,
        tierHistory: [],
      });
      expect(sliceWith(state, { usage: {}, entries: [] })).toEqual({ ...state, usage: {}, entries: [] });
    }
  });

  it('never changes the slice it copies', () => {
    const before = JSON.stringify(full);
    sliceWith(full, { entries: [], tier: null });
    expect(JSON.stringify(full)).toBe(before);
  });
  it('makes a plain object: the prototype and the key order of the literal it stands for', () => {
    const copy = sliceWith({ ...full, recent: [] }, { tier: null });
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.keys(copy)).toEqual([...Object.keys(full), 'recent']);
    expect(Object.keys(sliceWith(full, {}))).toEqual(Object.keys(full));
  });
});
