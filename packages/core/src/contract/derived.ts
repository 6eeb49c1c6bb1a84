import { expect, it } from 'vitest';
import { entityKey, entityRecordKey, recordKey, userKey } from '../store/keys';
import type { ContractContext } from './context';
import { collect, commit, record, timer, write } from './fixtures';

const claim = { limit: 10, leaseMs: 60_000, worker: 'w1' };

/** A queued derived event as the engine writes it: a timer record with `derived`, due at its cause's time. */
const derived = (id: string, overrides: Parameters<typeof timer>[1] = {}) =>
  timer(`derived:${id}`, {
    type: 'kudos.received',
    dueAt: 1_000,
    payload: { from: 'ann', note: '\u0001 not a mark inside the payload' },
    plugin: 'kudos',
    eventId: 'cause-1',
    derived: { eventId: id, cause: 'cause-1', depth: 1 },
    ...overrides,
  });

/**
 * Entities as subjects and the derived events' queue: entity documents beside user documents, entity timers, and
 * derived events kept (entity and mark included) through commit, listing, claim and completion.
 */
export function derivedCases(context: ContractContext): void {
  const { store } = context;

  it('keeps an entity document apart from the user document of the same id', async () => {
    const s = store();
    const keys = [userKey('group:g1'), entityKey('group:g1')];
    await commit(
      s,
      write({
        docs: [
          { key: keys[0] as string, value: { id: 'group:g1', who: 'user' } },
          { key: keys[1] as string, value: { id: 'group:g1', who: 'entity' } },
        ],
      }),
      keys,
    );
    expect(await s.getDocument(userKey('group:g1'))).toEqual({ id: 'group:g1', who: 'user' });
    expect(await s.getDocument(entityKey('group:g1'))).toEqual({ id: 'group:g1', who: 'entity' });
    expect((await collect(s.listDocuments('entity:'))).map((d) => d.key)).toEqual(['entity:group:g1']);
  });

  it('records an entity event and a user event of the same id apart', async () => {
    const s = store();
    const asUser = record(recordKey('event', 'group:g1', 'e1'), 'group:g1');
    const asEntity = record(entityRecordKey('event', 'group:g1', 'e1'), '');
    expect(asUser.key).not.toBe(asEntity.key);
    await commit(s, write({ records: [asUser, asEntity] }), [userKey('group:g1'), entityKey('group:g1')]);
    await s.transact([entityKey('group:g1')], async (tx) => {
      const found = await tx.recordedMany([asUser.key, asEntity.key]);
      expect(found.get(asUser.key)?.userId).toBe('group:g1');
      expect(found.get(asEntity.key)?.userId).toBe('');
    });
  });

  it('keeps a queued derived event whole: entity, mark and payload, through list and claim', async () => {
    const s = store();
    const forUser = derived('d-1', { userId: 'bob' });
    const forEntity = derived('d-2', { userId: '', entity: 'group:g1', type: 'kudos.bumped' });
    const entityTimer = timer('contest-end', { userId: '', entity: 'contest:monthly', dueAt: 2_000 });
    await commit(s, write({ timers: { schedule: [forUser, forEntity, entityTimer] } }), [userKey('ann')]);
    expect(await s.listTimers()).toEqual([forUser, forEntity, entityTimer]);
    expect(await s.listTimers({ userId: 'bob' })).toEqual([forUser]);
    expect(await s.claimTimers({ ...claim, now: 1_000 })).toEqual([forUser, forEntity]);
    expect(await s.claimTimers({ ...claim, now: 2_000 })).toEqual([entityTimer]);
  });

  it('completes a derived event in the commit that records it, and never re-arms it', async () => {
    const s = store();
    const d = derived('d-1', { userId: 'bob' });
    await commit(s, write({ timers: { schedule: [d] } }), [userKey('ann')]);
    await commit(
      s,
      write({
        records: [record(recordKey('derived', 'bob', 'd-1'), 'bob')],
        timers: { complete: [{ id: d.id, dueAt: d.dueAt }] },
      }),
      [userKey('bob')],
    );
    expect(await s.listTimers()).toEqual([]);
    expect(await s.claimTimers({ ...claim, now: 10_000 })).toEqual([]);
  });

  it('a failed commit queues no derived event', async () => {
    const s = store();
    const fail = context.options.faults?.failNextCommit;
    if (!fail) return;
    fail(s);
    await expect(
      commit(
        s,
        write({
          records: [record(recordKey('event', 'ann', 'e1'), 'ann')],
          timers: { schedule: [derived('d-1', { userId: 'bob' })] },
        }),
        [userKey('ann')],
      ),
    ).rejects.toMatchObject({ code: 'STORE_ERROR' });
    expect(await s.listTimers()).toEqual([]);
  });

  it('forgetUser leaves entity timers and the queued events of other subjects', async () => {
    const s = store();
    const mine = derived('d-1', { userId: 'bob' });
    const entity = derived('d-2', { userId: '', entity: 'group:bob' });
    const other = derived('d-3', { userId: 'cat' });
    await commit(s, write({ timers: { schedule: [mine, entity, other] } }), [userKey('ann')]);
    await s.forgetUser('bob', 'forgotten:0000000000000000');
    expect((await s.listTimers()).map((t) => t.id)).toEqual([entity.id, other.id]);
  });

  it('forgetUser pseudonymises the user id in the payloads of derived events queued for others', async () => {
    const s = store();
    const P = 'forgotten:0000000000000000';
    const payload = {
      user: 'bob',
      as: 'naming',
      by: ['bob', 'bobby'],
      note: 'bob wrote',
      nested: { bob: 'bob' },
    };
    const item = derived('d-1', { userId: '', entity: 'item:i1', payload });
    const plain = timer('t-1', { userId: 'cat', payload: { user: 'bob' } });
    await commit(s, write({ timers: { schedule: [item, plain] } }), [userKey('ann')]);
    await s.forgetUser('bob', P);
    const kept = { ...item, payload: { ...payload, user: P, by: [P, 'bobby'], nested: { bob: P } } };
    const listed = await s.listTimers();
    // Only derived events are rewritten: a plain timer's payload is its own subject's.
    expect(listed).toEqual([kept, plain]);
    await s.forgetUser('bob', P);
    expect(await s.listTimers()).toEqual(listed);
  });
}
