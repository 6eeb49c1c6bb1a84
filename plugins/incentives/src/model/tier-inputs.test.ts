import { describe, expect, it } from 'vitest';
import { notedLastId, noteLastId } from '../ledger/last-id';
import { appendEntry } from '../ledger/ledger';
import { defaultSettings } from '../settings';
import type { TierSettings } from '../settings-types';
import type { IncentivesState } from '../types';
import { initialState, sliceWith } from './state';
import { inputsUpTo, readLength, sameInputs, tierInputs } from './tier-inputs';

const T0 = Date.parse('2026-03-01T00:00:00Z');
const points: TierSettings = defaultSettings.tiers;
const actions: TierSettings = { ...points, score: { source: 'actions', windowDays: 7 } };

const award = (state: IncentivesState, id: string, at: number, wallet = 'points') =>
  appendEntry(state, { id, kind: 'award', eventId: id, ruleId: 'r', wallet, amount: 10, reason: 'r', at });

describe('tierInputs', () => {
  it('a points score: changes with every append and fold, with the settings, not with the time zone', () => {
    const one = award(initialState(), 'a', T0);
    const two = award(one, 'b', T0);
    const token = tierInputs(one, points, 'UTC', 10);
    expect(sameInputs(token, structuredClone(one), points, 'UTC')).toBe(true);
    // As a store keeps it (JSON).
    expect(sameInputs(JSON.parse(JSON.stringify(token)), one, points, 'UTC')).toBe(true);
    expect(sameInputs(token, one, points, 'Asia/Shanghai')).toBe(true);
    expect(sameInputs(token, two, points, 'UTC')).toBe(false);
    // Any entry counts, in any wallet (the token does not sort what the score reads).
    expect(sameInputs(token, award(one, 'c', T0, 'coins'), points, 'UTC')).toBe(false);
    // A fold: fewer entries, the award in the checkpoint.
    const folded = sliceWith(two, {
      entries: two.entries.slice(1),
      opening: { points: { lots: [], deficit: 0, expired: 0, earned: 10, recent: [[T0, 10]] } },
    });
    expect(sameInputs(tierInputs(two, points, 'UTC', 10), folded, points, 'UTC')).toBe(false);
    const later = { ...points, levels: points.levels.map((l) => ({ ...l, minScore: l.minScore + 1 })) };
    expect(sameInputs(token, one, later, 'UTC')).toBe(false);
    // Equal settings in another object: the same token.
    expect(sameInputs(token, one, structuredClone(points), 'UTC')).toBe(true);
  });

  it("keeps a given id only when it is the last entry's", () => {
    const two = award(award(initialState(), 'a', T0), 'b', T0);
    const built = tierInputs(two, points, 'UTC', 10);
    expect(built[4]).toBe('b');
    expect(built[5]).toBe(10);
    const given = ['x', 'b'].join('').slice(1);
    expect(tierInputs(two, points, 'UTC', 10, given)).toEqual(built);
    expect(tierInputs(two, points, 'UTC', 10, given)[4]).toBe(given);
    expect(tierInputs(two, points, 'UTC', 10, 'a')).toEqual(built);
  });

  it('notes the id of the last entry for that ledger only', () => {
    const memo: Record<string, unknown> = {};
    const one = award(initialState(), 'a', T0);
    expect(notedLastId(memo, one.entries)).toBeUndefined();
    noteLastId(memo, one.entries, 'a');
    expect(notedLastId(memo, one.entries)).toBe('a');
    const two = award(one, 'b', T0);
    expect(notedLastId(memo, two.entries)).toBeUndefined();
    noteLastId(memo, two.entries, 'b');
    expect(notedLastId(memo, two.entries)).toBe('b');
    expect(notedLastId(memo, one.entries)).toBeUndefined();
  });

  it('an actions score: changes with any activity row and with the time zone', () => {
    const state = sliceWith(initialState(), { activity: [[20_000, 'review', 2]] });
    const token = tierInputs(state, actions, 'UTC', 10);
    expect(sameInputs(token, state, actions, 'Asia/Shanghai')).toBe(false);
    for (const activity of [
      [[20_000, 'review', 3]],
      [[20_001, 'review', 2]],
      [[20_000, 'reviews', 2]],
      [
        [20_000, 'review', 2],
        [20_001, 'review', 1],
      ],
    ] as Array<IncentivesState['activity']>)
      expect(sameInputs(token, sliceWith(state, { activity }), actions, 'UTC')).toBe(false);
  });
});

describe('inputsUpTo', () => {
  it('whether no entry, folded award or activity day is after the time', () => {
    const state = award(award(initialState(), 'a', T0 + 5), 'b', T0);
    expect(inputsUpTo(state, points, T0 + 5, 'UTC')).toBe(true);
    expect(inputsUpTo(state, points, T0 + 4, 'UTC')).toBe(false);
    const folded = sliceWith(initialState(), {
      opening: { points: { lots: [], deficit: 0, expired: 0, earned: 10, recent: [[T0 + 5, 10]] } },
    });
    expect(inputsUpTo(folded, points, T0 + 4, 'UTC')).toBe(false);
    const day = Math.floor(T0 / 86_400_000);
    const active = sliceWith(initialState(), { activity: [[day + 1, 'review', 1]] });
    expect(inputsUpTo(active, actions, T0, 'UTC')).toBe(false);
    expect(inputsUpTo(active, actions, T0 + 86_400_000, 'UTC')).toBe(true);
  });
});

describe('readLength', () => {
  it('the length read, while the ledger only appends to it; -1 once it folds, or the settings change', () => {
    const empty = initialState();
    const one = award(empty, 'a', T0);
    const two = award(one, 'b', T0 + 1);
    const read = tierInputs(one, points, 'UTC', 10);
    expect(readLength(read, one, points)).toBe(1);
    expect(readLength(read, two, points)).toBe(1);
    expect(readLength(JSON.parse(JSON.stringify(read)), award(two, 'c', T0 + 2), points)).toBe(1);
    expect(readLength(tierInputs(empty, points, 'UTC', 10), two, points)).toBe(0);
    // Not an extension: another entry in its place, a shorter ledger, a fold of the entry read.
    expect(readLength(read, award(empty, 'z', T0), points)).toBe(-1);
    expect(readLength(tierInputs(two, points, 'UTC', 10), one, points)).toBe(-1);
    const folded = sliceWith(two, {
      entries: two.entries.slice(1),
      opening: { points: { lots: [], deficit: 0, expired: 0, earned: 10, recent: [[T0, 10]] } },
    });
    expect(readLength(read, folded, points)).toBe(-1);
    expect(readLength(read, two, { ...points, levels: points.levels.slice(0, 2) })).toBe(-1);
    // An actions score's inputs, a number kept from before, none.
    expect(readLength(tierInputs(one, actions, 'UTC', 10), two, actions)).toBe(-1);
    expect(readLength(7, two, points)).toBe(-1);
    // The layout before the score was kept: `[settings, length, last time, folded count, last folded time, id]`.
    const [settings, length] = read;
    const before = [settings!, length!, T0, 0, 0, 'a'];
    expect(readLength(before, two, points)).toBe(-1);
    expect(sameInputs(before, one, points, 'UTC')).toBe(false);
    expect(sameInputs([settings!, 0, 0, 0, 0, ''], empty, points, 'UTC')).toBe(false);
    expect(sameInputs(tierInputs(empty, points, 'UTC', 0), empty, points, 'UTC')).toBe(true);
    expect(readLength(undefined, two, points)).toBe(-1);
  });
});
