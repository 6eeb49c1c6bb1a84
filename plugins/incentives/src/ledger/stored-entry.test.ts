import {
  createEngine,
  createManualClock,
  createMemoryStore,
  initialUserState,
  type PolicyDocument,
  type UserState,
} from '@engageloop/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { balanceOf, growthOf, ledgerOf } from '../growth-api';
import { incentives } from '../index';
import { initialState } from '../model/state';
import type { IncentivesState, LedgerEntry, StoredEntry } from '../types';
import { appended, containsId, INDEX_FROM } from './ledger-index';
import { hasId, idOf, ledgerEntry, reasonOf, storedEntry } from './stored-entry';

const DAY = 86_400_000;
const T0 = Date.parse('2026-01-01T00:00:00Z');

const award: LedgerEntry = {
  id: 'e1:review:points',
  kind: 'award',
  eventId: 'e1',
  ruleId: 'review',
  wallet: 'points',
  amount: 10,
  reason: 'review',
  at: T0,
};
const reversal: LedgerEntry = {
  id: 'rev:e1:review:points',
  kind: 'revoke',
  eventId: 'u:e1',
  ruleId: 'undo',
  wallet: 'points',
  amount: -10,
  reason: 'revoke e1:review:points',
  at: T0 + 1,
  reverses: 'e1:review:points',
};

describe('storedEntry / ledgerEntry', () => {
  it('leaves out the id and reason that can be rebuilt, and rebuilds them', () => {
    expect(storedEntry(award)).toEqual({
      kind: 'award',
      eventId: 'e1',
      ruleId: 'review',
      wallet: 'points',
      amount: 10,
      at: T0,
    });
    expect(storedEntry(reversal)).toEqual({
      kind: 'revoke',
      eventId: 'u:e1',
      ruleId: 'undo',
      wallet: 'points',
      amount: -10,
      at: T0 + 1,
      reverses: 'e1:review:points',
    });
    expect(ledgerEntry(storedEntry(award))).toEqual(award);
    expect(ledgerEntry(storedEntry(reversal))).toEqual(reversal);
    // The JSON of the entry as earlier versions wrote it, field for field.
    expect(JSON.stringify(ledgerEntry(storedEntry(reversal)))).toBe(JSON.stringify(reversal));
  });

  it('keeps an id or a reason that is not the default one', () => {
    const reinstated = { ...award, id: 're:rev:e1:review:points', reason: 'reinstated e1:review:points' };
    expect(storedEntry(reinstated)).toMatchObject({ id: reinstated.id, reason: reinstated.reason });
    const explained = { ...reversal, reason: 'review removed' };
    expect(storedEntry(explained)).not.toHaveProperty('id');
    expect(storedEntry(explained).reason).toBe('review removed');
    expect(ledgerEntry(storedEntry(reinstated))).toEqual(reinstated);
  });

  it('an entry that stores neither is kept as it is; a full one is read as it is', () => {
    const stored = storedEntry(award);
    expect(storedEntry(stored)).toBe(stored);
    expect(ledgerEntry(award)).toBe(award);
  });

  it('round-trips any entry, and finds ids exactly as a comparison of the rebuilt id would', () => {
    const part = fc.stringMatching(/^[a-z:]{0,6}$/);
    const entryArb = fc
      .record({
        kind: fc.constantFrom('award' as const, 'revoke' as const, 'convert' as const),
        eventId: part,
        ruleId: part,
        wallet: part,
        amount: fc.integer({ min: -50, max: 50 }),
        at: fc.integer({ min: 0, max: 10 }),
        reverses: fc.option(part, { nil: undefined }),
        id: fc.option(part, { nil: undefined }),
        reason: fc.option(part, { nil: undefined }),
        derived: fc.boolean(),
      })
      .map(({ derived, ...e }): LedgerEntry => {
        const { reverses, ...rest } = e;
        const entry: LedgerEntry = { ...rest, id: '', reason: '' };
        if (reverses !== undefined) entry.reverses = reverses;
        entry.id = derived || e.id === undefined ? idOf({ ...entry, id: undefined }) : e.id;
        entry.reason = e.reason ?? reasonOf({ ...entry, reason: undefined });
        return entry;
      });
    fc.assert(
      fc.property(entryArb, fc.array(part, { maxLength: 4 }), (entry, probes) => {
        const stored = storedEntry(entry);
        expect(ledgerEntry(stored)).toEqual(entry);
        expect(idOf(stored)).toBe(entry.id);
        for (const probe of [entry.id, `${entry.id}:`, entry.id.slice(1), ...probes])
          expect(hasId(stored, probe)).toBe(probe === entry.id);
      }),
      { numRuns: 500 },
    );
    // Through the index of a long ledger (its hashes of ids not stored): the answers of a scan of rebuilt ids.
    fc.assert(
      fc.property(fc.array(entryArb, { minLength: INDEX_FROM, maxLength: INDEX_FROM + 28 }), (entries) => {
        const ledger = entries.map(storedEntry).reduce<StoredEntry[]>((out, e) => appended(out, e), []);
        for (const probe of entries.flatMap((e) => [e.id, `${e.id}:`]))
          expect(containsId(ledger, probe)).toBe(ledger.some((e) => idOf(e) === probe));
      }),
      { numRuns: 50 },
    );
  });
});

const policy: PolicyDocument = {
  version: 1,
  name: 'stored-entries',
  defaults: { timezone: 'UTC', locale: 'en' },
  eventTypes: { 'task.done': {}, 'task.undone': {} },
  settings: { incentives: { ledger: { revokeWindowDays: 5 } } },
  rules: [
    {
      id: 'task',
      stage: 'action',
      on: 'task.done',
      effects: [{ type: 'incentives.award', params: { amount: 10, reason: 'task' } }],
    },
    {
      id: 'undo',
      stage: 'action',
      on: 'task.undone',
      effects: [{ type: 'incentives.revoke', params: { eventIdPath: '$.payload.target' } }],
    },
  ],
};

/** An award as the previous version wrote it: every field, the id and the reason included. */
const oldAward = (eventId: string, amount: number, at: number): LedgerEntry => ({
  id: `${eventId}:task:points`,
  kind: 'award',
  eventId,
  ruleId: 'task',
  wallet: 'points',
  amount,
  reason: 'task',
  at,
});

describe('a document written before entries were stored compact', () => {
  it('reads back: balances, dedupe, revokes and the checkpoint behave as before', async () => {
    const a = oldAward('a', 10, T0);
    const b = oldAward('b', 20, T0 + DAY);
    const undoA: LedgerEntry = {
      id: `rev:${a.id}`,
      kind: 'revoke',
      eventId: 'undo-a',
      ruleId: 'undo',
      wallet: 'points',
      amount: -10,
      reason: `revoke ${a.id}`,
      at: T0 + 2 * DAY,
      reverses: a.id,
    };
    const slice: IncentivesState = { ...initialState(), entries: [a, b, undoA] };
    const doc = { ...initialUserState('u'), slices: { incentives: JSON.parse(JSON.stringify(slice)) } };
    const engine = createEngine({
      plugins: [incentives()],
      policy,
      store: createMemoryStore({ documents: [['user:u', doc]] }),
      clock: createManualClock(T0 + 3 * DAY),
    });
    const dispatch = (id: string, type: string, at: number, payload: Record<string, unknown> = {}) =>
      engine.dispatch({ id, type, userId: 'u', at: new Date(at).toISOString(), payload });
    const before = (await engine.getUser('u')) as UserState;
    expect(balanceOf(before, 'points', T0 + 3 * DAY)).toMatchObject({ available: 20, total: 20 });
    expect(ledgerOf(before)).toEqual([a, b, undoA]);

    // The award of an event already in the old ledger is a duplicate; its revoke is not done twice.
    const again = await dispatch('b', 'task.done', T0 + 3 * DAY);
    expect(again.effects[0]?.report).toMatchObject({ status: 'duplicate', data: { entryId: b.id } });
    const undoneTwice = await dispatch('undo-a2', 'task.undone', T0 + 3 * DAY, { target: 'a' });
    expect(undoneTwice.effects[0]?.report.status).toBe('skipped');

    // A revoke of an old award, and a new award, are stored compact next to the old entries.
    const undoB = await dispatch('undo-b', 'task.undone', T0 + 3 * DAY, { target: 'b' });
    expect(undoB.effects[0]?.report).toMatchObject({
      status: 'applied',
      data: { reversed: [{ entryId: b.id, points: 20 }] },
    });
    await dispatch('c', 'task.done', T0 + 3 * DAY);
    const mixed = (await engine.getUser('u')) as UserState;
    const stored = (mixed.slices.incentives as IncentivesState).entries;
    expect(stored.slice(0, 3)).toEqual([a, b, undoA]);
    expect(stored.slice(3)).toEqual([
      {
        kind: 'revoke',
        eventId: 'undo-b',
        ruleId: 'undo',
        wallet: 'points',
        amount: -20,
        at: T0 + 3 * DAY,
        reverses: b.id,
      },
      { kind: 'award', eventId: 'c', ruleId: 'task', wallet: 'points', amount: 10, at: T0 + 3 * DAY },
    ]);
    expect(ledgerOf(mixed).map((e) => [e.id, e.reason])).toEqual([
      [a.id, 'task'],
      [b.id, 'task'],
      [undoA.id, undoA.reason],
      [`rev:${b.id}`, `revoke ${b.id}`],
      ['c:task:points', 'task'],
    ]);
    expect(balanceOf(mixed, 'points', T0 + 3 * DAY)).toMatchObject({ available: 10, total: 10 });

    // Ten days on, everything before the 5-day revoke window folds into the checkpoint: the same balances.
    await dispatch('d', 'task.done', T0 + 10 * DAY);
    const folded = (await engine.getUser('u')) as UserState;
    const state = folded.slices.incentives as IncentivesState;
    expect(state.entries.map((e) => e.eventId)).toEqual(['d']);
    expect(balanceOf(folded, 'points', T0 + 10 * DAY)).toMatchObject({ available: 20, total: 20 });
    expect(growthOf(folded, T0 + 10 * DAY).earned.points).toBe(20);
    expect((await dispatch('c', 'task.done', T0 + 3 * DAY)).status).toBe('duplicate');
  });
});
