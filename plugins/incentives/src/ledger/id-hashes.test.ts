import { describe, expect, it } from 'vitest';
import { type AwardContext, award } from '../effects/award';
import { noteBase } from '../model/dispatch-base';
import { ledgerIdsOf } from '../model/slice-marks';
import { initialState, sliceWith } from '../model/state';
import { defaultSettings } from '../settings';
import type { IncentivesState } from '../types';
import { containsIdFrom, idHash, markIdHashes } from './id-hashes';
import { noteLastId } from './last-id';
import { appendEntry, entryId, hasEntry } from './ledger';
import { containsId } from './ledger-index';
import { idOf } from './stored-entry';

/** Two event ids whose entry ids (rule `r`, wallet `points`) have the same `idHash`. */
function collidingEvents(): [string, string] {
  const seen = new Map<number, string>();
  for (let i = 0; ; i++) {
    const event = `c${i}`;
    const h = idHash(entryId(event, 'r', 'points'));
    const other = seen.get(h);
    if (other !== undefined) return [other, event];
    seen.set(h, event);
  }
}

/** A dispatch that awards for these events, as the hooks leave it: the slice marked with its ledger's id hashes. */
function dispatch(slice: IncentivesState, events: string[]): IncentivesState {
  const memo: Record<string, unknown> = {};
  let next = slice;
  for (const eventId of events) {
    const appended = appendEntry(next, {
      kind: 'award',
      eventId,
      ruleId: 'r',
      wallet: 'points',
      amount: 1,
      at: 0,
    });
    noteBase(memo, next);
    noteLastId(memo, appended.entries, entryId(eventId, 'r', 'points'), next.entries);
    next = appended;
  }
  markIdHashes(next, slice, memo);
  return next;
}

describe('ledger id hashes in the slice marks', () => {
  it('answer as a scan does, through the slice a dispatch started from, hash collisions included', () => {
    const [first, twin] = collidingEvents();
    let slice = dispatch(initialState(), [first, 'a']);
    slice = dispatch(slice, ['b', 'c']);
    expect(ledgerIdsOf(slice)).toHaveLength(4);
    // The next dispatch appends one more; the marked slice it started from answers for the rest.
    const memo: Record<string, unknown> = {};
    const next = appendEntry(slice, {
      kind: 'award',
      eventId: 'd',
      ruleId: 'r',
      wallet: 'points',
      amount: 1,
      at: 0,
    });
    noteLastId(memo, next.entries, entryId('d', 'r', 'points'), slice.entries);
    for (const event of [first, twin, 'a', 'b', 'c', 'd', 'e']) {
      const id = entryId(event, 'r', 'points');
      expect(containsIdFrom(next, slice, id, memo)).toBe(containsId(next.entries, id));
      expect(hasEntry(next, id, slice, memo)).toBe(containsId(next.entries, id));
    }
    expect(containsIdFrom(next, slice, entryId(twin, 'r', 'points'), memo)).toBe(false);
  });

  it('are not used for a slice without them, or a ledger that is not the marked one extended', () => {
    const slice = dispatch(initialState(), ['a', 'b']);
    const id = entryId('a', 'r', 'points');
    expect(containsIdFrom(slice, sliceWith(slice, {}), id, undefined)).toBeUndefined();
    const other = dispatch(initialState(), ['x']);
    expect(containsIdFrom(other, slice, id, undefined)).toBeUndefined();
  });

  it('a ledger extended twice from one marked slice keeps each its own hashes', () => {
    const slice = dispatch(initialState(), ['a']);
    const one = dispatch(slice, ['b']);
    const two = dispatch(slice, ['c']);
    expect(ledgerIdsOf(one)?.slice(0, 2)).toEqual([idHash('a:r:points'), idHash('b:r:points')]);
    expect(ledgerIdsOf(two)?.slice(0, 2)).toEqual([idHash('a:r:points'), idHash('c:r:points')]);
    expect(containsIdFrom(two, two, 'b:r:points', undefined)).toBe(false);
    expect(containsIdFrom(one, one, 'b:r:points', undefined)).toBe(true);
  });

  it('of the entries awards append are those of their ids (the hash each award noted)', () => {
    let slice = initialState();
    for (const [i, events] of [['a', 'b'], ['c'], ['d', 'e', 'f']].entries()) {
      const memo: Record<string, unknown> = {};
      let next = slice;
      for (const eventId of events) {
        const ctx: AwardContext = {
          event: { id: eventId, type: 't', userId: 'u', time: i, payload: {} },
          timezone: 'UTC',
          policy: { defaults: { timezone: 'UTC' } },
          settings: defaultSettings,
          counter: () => 0,
          addCounter: () => {},
          emit: () => {},
          ruleId: `r${i}`,
          memo,
        } as unknown as AwardContext;
        next = award(next, { amount: 1 }, ctx, defaultSettings).state;
      }
      markIdHashes(next, slice, memo);
      expect(ledgerIdsOf(next)?.slice(0, next.entries.length)).toEqual(
        next.entries.map((e) => idHash(idOf(e))),
      );
      slice = next;
    }
    expect(slice.entries).toHaveLength(6);
  });
});
