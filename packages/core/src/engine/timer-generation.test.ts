import { describe, expect, it } from 'vitest';
import { write } from '../contract/fixtures';
import { definePlugin } from '../plugin/define-plugin';
import { createMemoryStore } from '../store/memory-store';
import type { Store, TimerRecord } from '../store/types';
import { createManualClock } from '../time/clock';
import { createEngine } from './create-engine';
import { armingGeneration, timerEventId } from './timer-generation';

const T0 = Date.parse('2026-03-01T09:00:00Z');
const DUE = T0 + 60_000;

interface Pings {
  fired: number;
}

/**
 * `arm` schedules the timer `ping:<user>` at `payload.at`; its event counts a firing, and re-arms the timer at
 * its own due time when the payload says `rearm` (the timer `payload.other` when it names one). It fails
 * (throws) when the payload says `fail`.
 */
const pinger = () =>
  definePlugin<Pings, unknown>({
    name: 'pinger',
    version: '1.0.0',
    state: { initial: () => ({ fired: 0 }) },
    eventTypes: { arm: {}, ping: {} },
    hooks: {
      beforeRules: (ctx) => {
        const { event } = ctx;
        const payload = event.payload as { at?: number; rearm?: boolean; other?: string; fail?: boolean };
        const id = `ping:${event.userId}`;
        if (event.type === 'arm') ctx.schedule({ id, type: 'ping', dueAt: payload.at ?? DUE, payload: {} });
        if (event.type === 'ping' && event.source === 'timer') {
          if (payload.fail) throw new Error('ping handler broke');
          ctx.setSlice({ fired: ctx.slice().fired + 1 });
          if (payload.rearm) ctx.schedule({ id, type: 'ping', dueAt: event.time, payload: { rearm: true } });
          if (payload.other)
            ctx.schedule({ id: payload.other, type: 'ping', dueAt: event.time, payload: {} });
        }
      },
    },
  });

const arm = (id: string, at = DUE) => ({
  id,
  type: 'arm',
  userId: 'u1',
  at: new Date(T0).toISOString(),
  payload: { at },
});

function engineOn(store: Store) {
  return createEngine({
    plugins: [pinger()],
    policy: { version: 1, name: 'pings', rules: [] },
    store,
    clock: createManualClock(T0),
  });
}

/** Stores `timer` as a dispatch's commit would: a timer the test arms by hand. */
const storeTimer = (store: Store, timer: TimerRecord) =>
  store.transact([], (tx) => tx.commit(write({ timers: { schedule: [timer] } })));

/**
 * `store`, with `race.during` (when set, once) run between a tick's claim and the commit of the fired events:
 * another dispatch committing while the claimed timers fire.
 */
function racing(store: Store) {
  const race: { store: Store; during?: () => Promise<unknown> } = {
    store: {
      ...store,
      async claimTimers(options) {
        const claimed = await store.claimTimers(options);
        const during = race.during;
        race.during = undefined;
        await during?.();
        return claimed;
      },
    },
  };
  return race;
}

const fired = async (engine: ReturnType<typeof engineOn>) =>
  ((await engine.getUser('u1'))?.slices.pinger as Pings | undefined)?.fired ?? 0;

describe('timer generations', () => {
  it('runs a timer re-armed at the due time it already fired at', async () => {
    const store = createMemoryStore();
    const engine = engineOn(store);
    await engine.dispatch(arm('a1'));
    const first = await engine.tick(DUE);
    expect(first.outcomes).toMatchObject([{ status: 'applied', source: 'timer' }]);
    await engine.dispatch(arm('a2'));
    expect((await store.listTimers())[0]).toMatchObject({ id: 'ping:u1', dueAt: DUE });
    const second = await engine.tick(DUE);
    expect(second.outcomes).toMatchObject([{ status: 'applied', source: 'timer' }]);
    expect(second.outcomes[0]?.eventId).not.toBe(first.outcomes[0]?.eventId);
    expect(await fired(engine)).toBe(2);
    expect(await store.listTimers()).toEqual([]);
  });

  it('names the fired event alike on every instance and replay of the same stream', async () => {
    const ids: string[] = [];
    for (let run = 0; run < 2; run++) {
      const engine = engineOn(createMemoryStore());
      await engine.dispatch(arm('a1'));
      ids.push(...(await engine.tick(DUE)).outcomes.map((o) => o.eventId));
      await engine.dispatch(arm('a2'));
      ids.push(...(await engine.tick(DUE)).outcomes.map((o) => o.eventId));
    }
    expect(ids.slice(0, 2)).toEqual(ids.slice(2));
    expect(new Set(ids.slice(0, 2)).size).toBe(2);
    expect(ids[0]).toMatch(/^timer:ping:u1~[0-9a-f]{16}@\d+$/);
  });

  it('replays a timer claimed again after its event committed (the same arming)', async () => {
    const store = createMemoryStore();
    const engine = engineOn(store);
    await engine.dispatch(arm('a1'));
    const [timer] = await store.listTimers();
    if (timer === undefined) throw new Error('no timer armed');
    await engine.tick(DUE);
    // The stored arming comes back (a second claimer, a lease that ran out): its event is a replay.
    await storeTimer(store, timer);
    const again = await engine.tick(DUE);
    expect(again.outcomes).toMatchObject([{ status: 'duplicate', source: 'timer' }]);
    expect(await fired(engine)).toBe(1);
    expect(await store.listTimers()).toEqual([]);
  });

  it('keeps the generation when a fired timer re-arms itself at its own due time: no loop', async () => {
    const store = createMemoryStore();
    const engine = engineOn(store);
    await engine.dispatch(arm('a1'));
    const [timer] = await store.listTimers();
    if (timer === undefined) throw new Error('no timer armed');
    await storeTimer(store, { ...timer, payload: { rearm: true } });
    expect((await engine.tick(DUE)).outcomes).toMatchObject([{ status: 'applied' }]);
    expect((await store.listTimers())[0]).toMatchObject({ generation: timer.generation });
    expect((await engine.tick(DUE)).outcomes).toMatchObject([{ status: 'duplicate' }]);
    expect(await store.listTimers()).toEqual([]);
    expect(await fired(engine)).toBe(1);
  });

  it('fires a timer re-armed at the same due time while its earlier arming was firing', async () => {
    const store = createMemoryStore();
    const race = racing(store);
    const engine = engineOn(race.store);
    await engine.dispatch(arm('a1'));
    const [first] = await store.listTimers();
    race.during = () => engine.dispatch(arm('a2'));
    expect((await engine.tick(DUE)).outcomes).toMatchObject([{ status: 'applied', source: 'timer' }]);
    const [second] = await store.listTimers();
    expect(second).toMatchObject({ id: 'ping:u1', dueAt: DUE, eventId: 'a2' });
    expect(second?.generation).not.toBe(first?.generation);
    expect((await engine.tick(DUE)).outcomes).toMatchObject([{ status: 'applied', source: 'timer' }]);
    expect(await fired(engine)).toBe(2);
    expect(await store.listTimers()).toEqual([]);
  });

  it('gives back only the arming that failed: one re-armed at the same due time while it fired fires on time', async () => {
    const store = createMemoryStore();
    const race = racing(store);
    const engine = engineOn(race.store);
    await engine.dispatch(arm('a1'));
    const [first] = await store.listTimers();
    if (first === undefined) throw new Error('no timer armed');
    await storeTimer(store, { ...first, payload: { fail: true } });
    race.during = () => engine.dispatch(arm('a2'));
    const failing = await engine.tick(DUE);
    expect(failing.failures).toMatchObject([{ timerId: first.id, dueAt: DUE, attempts: 1 }]);
    const [second] = await store.listTimers();
    expect(second).toMatchObject({ id: first.id, dueAt: DUE, eventId: 'a2', payload: {} });
    expect(second?.generation).not.toBe(first.generation);
    expect(second?.attempts).toBeUndefined();
    expect((await engine.tick(DUE)).outcomes).toMatchObject([{ status: 'applied', source: 'timer' }]);
    expect(await fired(engine)).toBe(1);
    expect(await store.listTimers()).toEqual([]);
  });

  it('keeps a timer an earlier event of the tick re-armed at the due time it fires at in the same batch', async () => {
    const store = createMemoryStore();
    const engine = engineOn(store);
    await engine.dispatch(arm('a1'));
    const [timer] = await store.listTimers();
    if (timer === undefined) throw new Error('no timer armed');
    // `a:u1` sorts before `ping:u1`: claimed first at the same due time, its event re-arms `ping:u1` there.
    const other = { ...timer, id: 'a:u1', payload: { other: timer.id } };
    await storeTimer(store, other);
    expect((await engine.tick(DUE)).outcomes).toMatchObject([{ status: 'applied' }, { status: 'applied' }]);
    const [again] = await store.listTimers();
    expect(again).toMatchObject({ id: timer.id, dueAt: DUE });
    expect(again?.generation).not.toBe(timer.generation);
    expect((await engine.tick(DUE)).outcomes).toMatchObject([{ status: 'applied' }]);
    expect(await fired(engine)).toBe(3);
  });

  it('gives a timer stored without a generation the id it always had', () => {
    expect(timerEventId({ id: 'care:u1', dueAt: 5_000 })).toBe('timer:care:u1@5000');
    expect(timerEventId({ id: 'care:u1', dueAt: 5_000, generation: 'abc' })).toBe('timer:care:u1~abc@5000');
    const event = {
      id: 'timer:care:u1@5000',
      type: 'care',
      userId: 'u1',
      at: new Date(5_000).toISOString(),
      time: 5_000,
      payload: { timerId: 'care:u1' },
      source: 'timer' as const,
      subject: 'user:u1',
    };
    expect(armingGeneration(event, 't.x:timer:care:u1@5000', 'care:u1', 5_000)).toBeUndefined();
    expect(armingGeneration({ ...event, id: 'timer:care:u1~abc@5000' }, 'k', 'care:u1', 5_000)).toBe('abc');
    expect(armingGeneration(event, 'k', 'care:u1', 6_000)).toMatch(/^[0-9a-f]{16}$/);
  });
});
