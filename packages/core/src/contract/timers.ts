import { expect, it } from 'vitest';
import { type ContractContext, elapseLeases } from './context';
import { commit, timer, write } from './fixtures';

/** Leases long enough that no case depends on how fast the machine runs (some stores lease by wall clock). */
const claim = { limit: 10, leaseMs: 60_000, worker: 'w1' };
const ids = (timers: Array<{ id: string }>) => timers.map((t) => t.id);

/** Business timers: schedule (upsert), claim with lease, re-arm, complete, cancel, listing. */
export function timerCases(context: ContractContext): void {
  const { store } = context;
  it('lists timers in (dueAt, id) order, optionally by user', async () => {
    const s = store();
    await commit(
      s,
      write({
        timers: {
          schedule: [timer('t3', { dueAt: 1_000, userId: 'u2' }), timer('t2', { dueAt: 2_000 }), timer('t1')],
        },
      }),
      ['user:u1'],
    );
    expect(ids(await s.listTimers())).toEqual(['t3', 't2', 't1']);
    expect(ids(await s.listTimers({ userId: 'u1' }))).toEqual(['t2', 't1']);
    expect(await s.listTimers({ userId: 'u2' })).toEqual([timer('t3', { dueAt: 1_000, userId: 'u2' })]);
  });

  it('claims only due timers, in (dueAt, id) order, up to the limit', async () => {
    const s = store();
    const schedule = [
      timer('b', { dueAt: 1_000 }),
      timer('a', { dueAt: 1_000 }),
      timer('c', { dueAt: 500 }),
      timer('d', { dueAt: 1_001 }),
    ];
    await commit(s, write({ timers: { schedule } }), ['user:u1']);
    expect(ids(await s.claimTimers({ ...claim, now: 1_000, limit: 2 }))).toEqual(['c', 'a']);
    expect(ids(await s.claimTimers({ ...claim, now: 1_000 }))).toEqual(['b']);
    expect(await s.claimTimers({ ...claim, now: 1_000 })).toEqual([]);
    const [d] = await s.claimTimers({ ...claim, now: 1_001 });
    expect(d).toEqual(timer('d', { dueAt: 1_001 }));
  });

  it('leases a claimed timer: not claimable again until the lease expires', async () => {
    const s = store();
    await commit(s, write({ timers: { schedule: [timer('t1', { dueAt: 1_000 })] } }), ['user:u1']);
    expect(ids(await s.claimTimers({ ...claim, now: 1_000 }))).toEqual(['t1']);
    expect(await s.claimTimers({ ...claim, now: 30_000, worker: 'w2' })).toEqual([]);
    elapseLeases(context, s, 60_000);
    expect(ids(await s.claimTimers({ ...claim, now: 61_000, worker: 'w2' }))).toEqual(['t1']);
    expect(ids(await s.listTimers())).toEqual(['t1']);
  });

  it('deletes a completed timer; keeps one re-armed meanwhile', async () => {
    const s = store();
    await commit(
      s,
      write({ timers: { schedule: [timer('t1', { dueAt: 1_000 }), timer('t2', { dueAt: 1_000 })] } }),
      ['user:u1'],
    );
    await s.claimTimers({ ...claim, now: 1_000 });
    await commit(s, write({ timers: { schedule: [timer('t2', { dueAt: 9_000, payload: { n: 2 } })] } }), [
      'user:u1',
    ]);
    await commit(
      s,
      write({
        timers: {
          complete: [
            { id: 't1', dueAt: 1_000 },
            { id: 't2', dueAt: 1_000 },
          ],
        },
      }),
      ['user:u1'],
    );
    expect(await s.listTimers()).toEqual([timer('t2', { dueAt: 9_000, payload: { n: 2 } })]);
  });

  it('re-arming replaces dueAt and payload and clears the lease', async () => {
    const s = store();
    await commit(s, write({ timers: { schedule: [timer('t1', { dueAt: 1_000 })] } }), ['user:u1']);
    await s.claimTimers({ ...claim, now: 1_000, leaseMs: 60_000 });
    const rearmed = timer('t1', { dueAt: 1_200, payload: { n: 2 }, eventId: 'e2' });
    await commit(s, write({ timers: { schedule: [rearmed] } }), ['user:u1']);
    expect(await s.listTimers()).toEqual([rearmed]);
    expect(await s.claimTimers({ ...claim, now: 1_199 })).toEqual([]);
    expect(await s.claimTimers({ ...claim, now: 1_200 })).toEqual([rearmed]);
  });

  it('completing a fired timer and re-arming it in the same commit keeps the new one', async () => {
    const s = store();
    await commit(s, write({ timers: { schedule: [timer('t1', { dueAt: 1_000 })] } }), ['user:u1']);
    const [fired] = await s.claimTimers({ ...claim, now: 1_000 });
    const next = timer('t1', { dueAt: 2_000 });
    await commit(s, write({ timers: { schedule: [next], complete: [{ id: 't1', dueAt: fired!.dueAt }] } }), [
      'user:u1',
    ]);
    expect(await s.listTimers()).toEqual([next]);
    expect(await s.claimTimers({ ...claim, now: 2_000 })).toEqual([next]);
  });

  it('cancels timers by id (unknown ids are ignored)', async () => {
    const s = store();
    await commit(s, write({ timers: { schedule: [timer('t1'), timer('t2')] } }), ['user:u1']);
    await commit(s, write({ timers: { cancel: ['t1', 'missing'] } }), ['user:u1']);
    expect(ids(await s.listTimers())).toEqual(['t2']);
    expect(ids(await s.claimTimers({ ...claim, now: 100_000 }))).toEqual(['t2']);
  });
}
