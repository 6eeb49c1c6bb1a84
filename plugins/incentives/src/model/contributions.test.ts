import { describe, expect, it } from 'vitest';
import type { Contribution } from '../types';
import { contribute, MAX_RECENT, trimRecent } from './contributions';
import { initialState, sliceWith } from './state';

const record = (eventId: string, at: number): Contribution => ({
  eventId,
  at,
  actions: [],
  distinct: [],
  badges: [],
  milestones: [],
});

describe('trimRecent', () => {
  it('keeps a list whose earliest time is at or after `from`, late records included', () => {
    let state = initialState();
    for (const [id, at] of [
      ['a', 30],
      ['b', 10],
      ['c', 20],
    ] as const)
      state = contribute(state, id, at, { actions: ['x'] });
    expect(trimRecent(state, 10)).toBe(state);
    const trimmed = trimRecent(state, 11);
    expect(trimmed.recent?.map((c) => c.eventId)).toEqual(['a', 'c']);
    // The trimmed list knows its earliest time too: trimming again at 20 keeps it, at 21 drops `c`.
    expect(trimRecent(trimmed, 20)).toBe(trimmed);
    expect(trimRecent(trimmed, 21).recent?.map((c) => c.eventId)).toEqual(['a']);
  });

  it('merges a record of the same event without losing the earliest time', () => {
    let state = contribute(initialState(), 'a', 5, { actions: ['x'] });
    state = contribute(state, 'b', 8, { actions: ['x'] });
    state = contribute(state, 'b', 8, { distinct: ['d'] });
    expect(state.recent).toHaveLength(2);
    expect(trimRecent(state, 5)).toBe(state);
    expect(trimRecent(state, 6).recent?.map((c) => c.eventId)).toEqual(['b']);
  });

  it('scans a list it did not build (loaded, or a time that is not a number)', () => {
    const loaded = sliceWith(initialState(), { recent: [record('a', 5), record('b', 1)] });
    expect(trimRecent(loaded, 1)).toBe(loaded);
    expect(trimRecent(loaded, 2).recent?.map((c) => c.eventId)).toEqual(['a']);
    const odd = contribute(sliceWith(initialState(), { recent: [record('a', Number.NaN)] }), 'b', 9, {
      actions: ['x'],
    });
    expect(trimRecent(odd, 0).recent?.map((c) => c.eventId)).toEqual(['b']);
  });

  it('keeps at most MAX_RECENT records, the latest', () => {
    let state = initialState();
    for (let i = 0; i <= MAX_RECENT; i++) state = contribute(state, `e${i}`, i, { actions: ['x'] });
    const trimmed = trimRecent(state, 0);
    expect(trimmed.recent).toHaveLength(MAX_RECENT);
    expect(trimmed.recent?.[0]?.eventId).toBe('e1');
  });
});

describe('contribute', () => {
  it('merges the parts of one event as the spreads did, lists not shared with the parts given', () => {
    const actions = ['review'];
    const badges: Array<[string, number, number]> = [['b', 1, 0]];
    let state = contribute(initialState(), 'e1', 5, { actions });
    state = contribute(state, 'e1', 5, { distinct: ['d'], badges });
    state = contribute(state, 'e1', 5, { distinct: ['d2'], streaks: [['s', null]] });
    state = contribute(state, 'e2', 6, {});
    expect(JSON.stringify(state.recent)).toBe(
      JSON.stringify([
        { ...record('e1', 5), actions, distinct: ['d', 'd2'], badges, streaks: [['s', null]] },
        record('e2', 6),
      ]),
    );
    const first = state.recent![0]!;
    expect(first.actions).not.toBe(actions);
    expect(first.badges).not.toBe(badges);
    // Empty parts: one frozen list, which nothing changes in place.
    expect(Object.isFrozen(state.recent![1]!.milestones)).toBe(true);
  });
});
