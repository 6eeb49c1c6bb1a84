/**
 * Issue 19, item 3: `tick` survives failures. Of N due timers, K fail (a plugin throws on some, the store's
 * commit throws on another): all N are processed in the same tick, the K are reported with their error code
 * and next attempt and given back with a backoff (not left leased), and they fire once things work again.
 * Timers fire in batches (issue 20): a plugin failure fails its own timer only, a failed commit every timer of
 * its batch.
 * An `onTick` hook that throws is reported, and the timers still fire.
 */
import {
  createEngine,
  createManualClock,
  definePlugin,
  type Engine,
  type LoopEvents,
  type RuleDefinition,
  recordsOf,
  type Store,
} from '@engageloop/core';
import { lifecycle } from '@engageloop/lifecycle';
import { describe, expect, it } from 'vitest';
import { carePolicy, followUpCare } from './support/policies';
import { type CommitFaults, eachStore, elapseLeases, withFailingCommits } from './support/stores';

const T0 = Date.parse('2026-05-04T02:00:00Z');
const HOUR = 3_600_000;
const USERS = ['u0', 'u1', 'u2', 'u3', 'u4', 'u5'];

const policy = carePolicy('hostile-tick', [
  { id: 'follow-up', stage: 'value', on: 'order.paid', effects: [followUpCare({ hours: 1 })] },
] as RuleDefinition[]);

/** Throws in `beforeRules` of fired timers of `failing` users, and in `onTick` while `tickHook` is set. */
function flaky(failing: Set<string>, switches: { tickHook: boolean }) {
  return definePlugin({
    name: 'flaky',
    version: '1.0.0',
    hooks: {
      beforeRules: (ctx) => {
        if (ctx.event.source === 'timer' && failing.has(ctx.event.userId)) throw new Error('plugin broke');
      },
      onTick: () => {
        if (switches.tickHook) throw new Error('tick hook broke');
      },
    },
  });
}

async function setUp(open: () => Promise<Store>) {
  const failing = new Set(['u1', 'u4']);
  const switches = { tickHook: true };
  const faults: CommitFaults = {
    remaining: Number.POSITIVE_INFINITY,
    when: (write) => recordsOf(write).some((r) => r.userId === 'u2') && write.timers.complete.length > 0,
  };
  const store = withFailingCommits(await open(), faults);
  const clock = createManualClock(T0);
  const engine: Engine = createEngine({
    plugins: [lifecycle(), flaky(failing, switches)],
    policy,
    store,
    clock,
  });
  const errors: Array<LoopEvents['error']> = [];
  engine.on('error', (e) => errors.push(e));
  for (const userId of USERS) {
    await engine.dispatch({
      id: `o-${userId}`,
      type: 'order.paid',
      userId,
      at: new Date(T0).toISOString(),
      payload: { orderId: `order-${userId}` },
    });
  }
  return { store, engine, failing, switches, faults, errors };
}

/** The follow-up timers (the lifecycle plugin keeps stage-review timers of its own, due much later). */
const followUpTimers = async (store: Store) =>
  (await store.listTimers()).filter((t) => t.id.startsWith('lifecycle:care:follow-up'));

const followUps = async (store: Store) =>
  (await store.listMessages({ kind: 'care' })).filter((m) => m.topic === 'follow-up').map((m) => m.userId);

function caseSuite(open: () => Promise<Store>): void {
  it('processes every claimed timer, reports and backs off the failing ones, and fires them later', async () => {
    const { store, engine, failing, switches, faults, errors } = await setUp(open);
    const leaseMs = 30 * 60_000; // a timer left leased would stay out of reach for half an hour
    const now = T0 + HOUR;
    // Batches of two (the timers are claimed in user order): u0+u1, u2+u3, u4+u5.
    const first = await engine.tick(now, { leaseMs, batchSize: 2 });
    expect(first.fired).toBe(6);
    expect(first.hookFailures).toEqual([expect.objectContaining({ plugin: 'flaky', code: 'PLUGIN_ERROR' })]);
    // u2's commit fails, and with it u3's, its batch partner: nothing of that batch was written.
    expect(first.failures.map((f) => [f.timerId.split(':').at(-1), f.code, f.attempts]).sort()).toEqual([
      ['u1', 'PLUGIN_ERROR', 1],
      ['u2', 'STORE_ERROR', 1],
      ['u3', 'STORE_ERROR', 1],
      ['u4', 'PLUGIN_ERROR', 1],
    ]);
    for (const f of first.failures)
      expect(f).toMatchObject({ nextAttemptAt: now + 60_000, exhausted: false });
    expect((await followUps(store)).sort()).toEqual(['u0', 'u5']);
    // Every failure was emitted: the hook, two failed dispatches, the store error of each timer of its batch.
    expect(errors.map((e) => e.error.code).sort()).toEqual([
      'PLUGIN_ERROR',
      'PLUGIN_ERROR',
      'PLUGIN_ERROR',
      'STORE_ERROR',
      'STORE_ERROR',
    ]);
    // Given back, not stranded: nothing before the retry time, all four at it.
    const left = await followUpTimers(store);
    expect(left.map((t) => [t.userId, t.attempts]).sort()).toEqual([
      ['u1', 1],
      ['u2', 1],
      ['u3', 1],
      ['u4', 1],
    ]);
    expect(await store.claimTimers({ now: now + 59_999, limit: 10, leaseMs, worker: 'other' })).toEqual([]);

    // u4 still fails: its backoff doubles. The others recover.
    switches.tickHook = false;
    failing.delete('u1');
    faults.remaining = 0;
    elapseLeases(store, 60_000);
    const second = await engine.tick(now + 60_000, { leaseMs });
    expect(second.fired).toBe(4);
    expect(second.hookFailures).toEqual([]);
    expect(second.failures).toEqual([
      expect.objectContaining({ code: 'PLUGIN_ERROR', attempts: 2, nextAttemptAt: now + 60_000 + 120_000 }),
    ]);
    failing.clear();
    elapseLeases(store, 120_000);
    const third = await engine.tick(now + 180_000, { leaseMs });
    expect(third).toMatchObject({ fired: 1, failures: [] });
    expect((await followUps(store)).sort()).toEqual(USERS);
    expect(await followUpTimers(store)).toEqual([]);
  });
}

describe('hostile: tick survives failing timers', () => {
  eachStore(caseSuite);
});
