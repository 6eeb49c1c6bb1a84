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

  it('releases a failed timer: attempts kept, not claimable before retryAt, then claimable again', async () => {
    const s = store();
    await commit(s, write({ timers: { schedule: [timer('t1', { dueAt: 1_000 })] } }), ['user:u1']);
    await s.claimTimers({ ...claim, now: 1_000 });
    // The backoff is 60 s: business time for stores that lease by the caller's clock, lease time for the others.
    await s.releaseTimer({ id: 't1', dueAt: 1_000, attempts: 1, retryAt: 61_000, now: 1_000 });
    expect(await s.listTimers()).toEqual([timer('t1', { dueAt: 1_000, attempts: 1 })]);
    expect(await s.claimTimers({ ...claim, now: 60_999 })).toEqual([]);
    elapseLeases(context, s, 60_000);
    const [again] = await s.claimTimers({ ...claim, now: 61_000 });
    expect(again).toEqual(timer('t1', { dueAt: 1_000, attempts: 1 }));
    await s.releaseTimer({ id: 't1', dueAt: 1_000, attempts: 2, retryAt: 200_000, now: 61_000 });
    expect(await s.claimTimers({ ...claim, now: 199_999 })).toEqual([]);
    expect((await s.listTimers())[0]?.attempts).toBe(2);
  });

  it('leaves a re-armed timer alone on release; re-arming resets its attempts', async () => {
    const s = store();
    await commit(s, write({ timers: { schedule: [timer('t1', { dueAt: 1_000 })] } }), ['user:u1']);
    await s.claimTimers({ ...claim, now: 1_000 });
    await s.releaseTimer({ id: 't1', dueAt: 1_000, attempts: 3, retryAt: 500_000, now: 1_000 });
    const rearmed = timer('t1', { dueAt: 2_000 });
    await commit(s, write({ timers: { schedule: [rearmed] } }), ['user:u1']);
    expect(await s.listTimers()).toEqual([rearmed]);
    await s.releaseTimer({ id: 't1', dueAt: 1_000, attempts: 4, retryAt: 900_000, now: 1_000 });
    await s.releaseTimer({ id: 'missing', dueAt: 1_000, attempts: 1, retryAt: 900_000, now: 1_000 });
    expect(await s.claimTimers({ ...claim, now: 2_000 })).toEqual([rearmed]);
  });

  it('keeps the generation of a timer as given, through claims, releases and re-arming; none when not given', async () => {
    const s = store();
    const plain = timer('t0', { dueAt: 1_000 });
    const armed = timer('t1', { dueAt: 1_000, generation: '0123456789abcdef' });
    const entity = timer('t2', {
      userId: '',
      entity: 'contest:c1',
      dueAt: 1_000,
      generation: 'fedcba9876543210',
    });
    await commit(s, write({ timers: { schedule: [plain, armed, entity] } }), ['user:u1']);
    expect(await s.listTimers()).toEqual([plain, armed, entity]);
    expect(await s.claimTimers({ ...claim, now: 1_000 })).toEqual([plain, armed, entity]);
    expect((await s.claimTimers({ ...claim, now: 1_000 })).length).toBe(0);
    const release = { id: 't1', dueAt: 1_000, generation: armed.generation, attempts: 1, retryAt: 61_000 };
    await s.releaseTimer({ ...release, now: 1_000 });
    expect((await s.listTimers()).find((t) => t.id === 't1')).toEqual({ ...armed, attempts: 1 });
    // Re-armed at the same due time by another dispatch: another generation, the same id and time.
    const again = timer('t1', { dueAt: 1_000, generation: '1111111111111111', eventId: 'e2' });
    await commit(s, write({ timers: { schedule: [again] } }), ['user:u1']);
    expect((await s.listTimers()).find((t) => t.id === 't1')).toEqual(again);
    await s.forgetUser('u9', 'forgotten:0123456789abcdef');
    expect(await s.listTimers()).toEqual([plain, again, entity]);
  });

  it('completes only the generation that fired: a timer re-armed at the same due time stays due', async () => {
    const s = store();
    const first = timer('t1', { dueAt: 1_000, generation: '0123456789abcdef' });
    const old = timer('t2', { dueAt: 1_000 });
    const plain = timer('t3', { dueAt: 1_000 });
    await commit(s, write({ timers: { schedule: [first, old, plain] } }), ['user:u1']);
    expect(await s.claimTimers({ ...claim, now: 1_000 })).toEqual([first, old, plain]);
    // While their firings are in flight, another dispatch arms t1 and t2 again at the same due time.
    const again = timer('t1', { dueAt: 1_000, generation: '1111111111111111', eventId: 'e2' });
    const armed = timer('t2', { dueAt: 1_000, generation: '2222222222222222', eventId: 'e2' });
    await commit(s, write({ timers: { schedule: [again, armed] } }), ['user:u1']);
    const done = [
      { id: 't1', dueAt: 1_000, generation: '0123456789abcdef' },
      { id: 't2', dueAt: 1_000 },
      { id: 't3', dueAt: 1_000 },
    ];
    await commit(s, write({ timers: { complete: done } }), ['user:u1']);
    expect(await s.listTimers()).toEqual([again, armed]);
    expect(await s.claimTimers({ ...claim, now: 1_000 })).toEqual([again, armed]);
    const twice = [{ id: 't1', dueAt: 1_000, generation: '1111111111111111' }];
    await commit(s, write({ timers: { complete: twice } }), ['user:u1']);
    expect(await s.listTimers()).toEqual([armed]);
  });

  it('releases only the generation that fired: a timer re-armed at the same due time keeps no attempts', async () => {
    const s = store();
    const first = timer('t1', { dueAt: 1_000, generation: '0123456789abcdef' });
    const old = timer('t2', { dueAt: 1_000 });
    await commit(s, write({ timers: { schedule: [first, old] } }), ['user:u1']);
    await s.claimTimers({ ...claim, now: 1_000 });
    // While their firings are in flight, another dispatch arms t1 and t2 again at the same due time; then they fail.
    const again = timer('t1', { dueAt: 1_000, generation: '1111111111111111', eventId: 'e2' });
    const armed = timer('t2', { dueAt: 1_000, generation: '2222222222222222', eventId: 'e2' });
    await commit(s, write({ timers: { schedule: [again, armed] } }), ['user:u1']);
    const failed = { dueAt: 1_000, attempts: 1, retryAt: 61_000, now: 1_000 };
    await s.releaseTimer({ ...failed, id: 't1', generation: '0123456789abcdef' });
    await s.releaseTimer({ ...failed, id: 't2' });
    expect(await s.listTimers()).toEqual([again, armed]);
    expect(await s.claimTimers({ ...claim, now: 1_000 })).toEqual([again, armed]);
    await s.releaseTimer({ ...failed, id: 't1', generation: '1111111111111111' });
    expect(await s.listTimers()).toEqual([{ ...again, attempts: 1 }, armed]);
  });

  it('cancels timers by id (unknown ids are ignored)', async () => {
    const s = store();
    await commit(s, write({ timers: { schedule: [timer('t1'), timer('t2')] } }), ['user:u1']);
    await commit(s, write({ timers: { cancel: ['t1', 'missing'] } }), ['user:u1']);
    expect(ids(await s.listTimers())).toEqual(['t2']);
    expect(ids(await s.claimTimers({ ...claim, now: 100_000 }))).toEqual(['t2']);
  });
}
