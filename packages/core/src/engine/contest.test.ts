import { describe, expect, it } from 'vitest';
import type { Outcome } from '../event/outcome';
import type { LoopEvent } from '../event/types';
import { definePlugin } from '../plugin/define-plugin';
import { createMemoryStore } from '../store/memory-store';
import type { Store } from '../store/types';
import { createManualClock } from '../time/clock';
import { type KudosState, kudos, kudosPolicy } from './__fixtures__/kudos-plugin';
import { createEngine } from './create-engine';

// 10:00 in Shanghai on Wednesday 3 June 2026; the day ends at 16:00Z.
const T0 = Date.parse('2026-06-03T02:00:00Z');
const MIDNIGHT = Date.parse('2026-06-03T16:00:00Z');
const at = (minute: number) => new Date(T0 + minute * 60_000).toISOString();
const given = (id: string, userId: string, to: string, minute = 0): LoopEvent => ({
  id,
  type: 'kudos.given',
  userId,
  at: at(minute),
  payload: { to },
});
const rank = (id: string, entity: string, minute = 0): LoopEvent => ({
  id,
  type: 'kudos.rank',
  entity,
  at: at(minute),
  payload: { n: 2 },
});

function setUp(store: Store = createMemoryStore()) {
  return createEngine({
    plugins: [kudos()],
    policy: { ...kudosPolicy, defaults: { timezone: 'Asia/Shanghai' } },
    store,
    clock: createManualClock(T0),
  });
}

const wins = async (engine: ReturnType<typeof setUp>, userId: string) =>
  ((await engine.getUser(userId))?.slices.kudos as KudosState | undefined)?.wins ?? [];

describe('a contest: period end at local midnight, leaderboard, winners derived once', () => {
  it('ranks at the timer of the contest entity and derives an award to each winner once (ties by key)', async () => {
    const engine = setUp();
    await engine.dispatch({ id: 'open', type: 'kudos.open', entity: 'contest:daily', at: at(0) });
    const [timer] = await engine.store.listTimers();
    expect(timer).toMatchObject({ entity: 'contest:daily', userId: '', dueAt: MIDNIGHT, type: 'kudos.rank' });
    await engine.dispatchBatch([
      given('k1', 'ann', 'bob', 1),
      given('k2', 'cat', 'bob', 2),
      given('k3', 'ann', 'eve', 3),
      given('k4', 'bob', 'cat', 4),
    ]);
    // Before midnight nothing fires.
    expect((await engine.tick(MIDNIGHT - 1)).fired).toBe(0);
    const report = await engine.tick(MIDNIGHT);
    expect(report.outcomes.map((o) => [o.source, o.entity, o.type, o.status])).toEqual([
      ['timer', 'contest:daily', 'kudos.rank', 'applied'],
    ]);
    // bob 2; cat and eve 1 each: the tie goes to the smaller key ("cat" < "eve").
    expect(report.derived.map((o) => [o.userId, o.type, o.status, o.cause])).toEqual([
      ['bob', 'kudos.won', 'applied', report.outcomes[0]?.eventId],
      ['cat', 'kudos.won', 'applied', report.outcomes[0]?.eventId],
    ]);
    expect(await wins(engine, 'bob')).toEqual(['contest:daily#1']);
    expect(await wins(engine, 'cat')).toEqual(['contest:daily#2']);
    expect(await wins(engine, 'eve')).toEqual([]);
    expect((await engine.getEntity('contest:daily'))?.slices.kudos).toMatchObject({ wins: ['bob', 'cat'] });
    // Nothing is left, and a later tick awards nothing again.
    expect(await engine.store.listTimers()).toEqual([]);
    const again = await engine.tick(MIDNIGHT + 60_000);
    expect([again.fired, again.derived.length]).toEqual([0, 0]);
    expect(await wins(engine, 'bob')).toEqual(['contest:daily#1']);
  });

  it('a leaderboard read in a batch sees the bumps of the events before it, whatever the batch size', async () => {
    const stream = [
      given('k1', 'ann', 'bob'),
      given('k2', 'cat', 'eve'),
      given('k3', 'dan', 'eve'),
      rank('r1', 'contest:now'),
      given('k4', 'ann', 'bob'),
      given('k5', 'eve', 'bob'),
      rank('r2', 'contest:later'),
    ];
    const results: Array<Array<[string, string[]]>> = [];
    for (const batchSize of [1, 3, 500]) {
      const engine = setUp();
      const derived: Outcome[] = [];
      await engine.dispatchBatch(stream, { batchSize, onDerived: (o) => void derived.push(o) });
      const contests: Array<[string, string[]]> = [];
      for (const c of ['contest:now', 'contest:later'])
        contests.push([c, ((await engine.getEntity(c))?.slices.kudos as KudosState | undefined)?.wins ?? []]);
      results.push(contests);
      expect(derived.filter((o) => o.type === 'kudos.won')).toHaveLength(4);
    }
    expect(results[0]).toEqual([
      ['contest:now', ['eve', 'bob']],
      ['contest:later', ['bob', 'eve']],
    ]);
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
  });

  it('a leaderboard prepare did not name fails that event alone, by code', async () => {
    const peek = definePlugin({
      name: 'peek',
      version: '1.0.0',
      eventTypes: { 'peek.now': {} },
      effects: {
        'peek.top': {
          params: { type: 'object' },
          apply: (state: unknown, _params: unknown, ctx) => {
            ctx.top('unnamed:');
            return state;
          },
        },
      },
    });
    const engine = createEngine({
      plugins: [peek],
      policy: {
        version: 1,
        rules: [{ id: 'p', stage: 'action', on: 'peek.now', effects: [{ type: 'peek.top', params: {} }] }],
      },
      clock: createManualClock(T0),
    });
    const outcome = await engine.dispatch({ id: 'x', type: 'peek.now', entity: 'contest:x', at: at(0) });
    expect([outcome.status, outcome.error?.code]).toEqual(['failed', 'PLUGIN_ERROR']);
    expect(await engine.getEntity('contest:x')).toBeUndefined();
  });
});
