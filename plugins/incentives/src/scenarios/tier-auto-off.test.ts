import {
  createEngine,
  createManualClock,
  createMemoryStore,
  loadPolicy,
  type PolicyDocument,
} from '@engageloop/core';
import { describe, expect, it } from 'vitest';
import { type IncentivesState, incentives } from '../index';

/*
 * `tiers.auto: false`: reviews only where rules ask for them, here a conditional one on the review timer's
 * event. A fired timer whose rule does not review must not leave the user without a timer once a later review
 * (a late event's) needs one.
 */

const HOUR = 3_600_000;
const T0 = Date.parse('2026-01-01T00:00:00Z');
const iso = (t: number) => new Date(t).toISOString();

const policy: PolicyDocument = {
  version: 1,
  defaults: { timezone: 'UTC' },
  eventTypes: { 'task.done': {}, 'page.viewed': {} },
  settings: {
    incentives: {
      actions: { view: { events: ['page.viewed'] } },
      tiers: {
        auto: false,
        levels: [
          { id: 'basic', minScore: 0 },
          { id: 'silver', minScore: 50 },
        ],
        score: { source: 'points', wallet: 'points', windowDays: 2 },
        downgrade: { mode: 'to-score', graceDays: 0, warnDays: 0 },
      },
    },
  },
  rules: [
    {
      id: 'task',
      stage: 'action',
      on: 'task.done',
      effects: [{ type: 'incentives.award', params: { amount: 60 } }, { type: 'incentives.evaluateTier' }],
    },
    { id: 'view', stage: 'action', on: 'page.viewed', effects: [{ type: 'incentives.evaluateTier' }] },
    {
      id: 'timer-review',
      stage: 'action',
      on: 'incentives.tier-review',
      // Reviews on the timer only for users who have viewed a page.
      conditions: {
        all: [{ fact: 'incentives.count', params: { action: 'view' }, operator: 'greaterThan', value: 0 }],
      },
      effects: [{ type: 'incentives.evaluateTier' }],
    },
  ],
} as PolicyDocument;

describe('tiers.auto false, the review timer', () => {
  it('a timer fired with no review, then a late event: a timer is armed again and the rule reviews', async () => {
    const plugin = incentives();
    const clock = createManualClock(T0);
    const store = createMemoryStore();
    const engine = createEngine({
      plugins: [plugin],
      policy: await loadPolicy(policy, { plugins: [plugin] }),
      store,
      clock,
    });
    const tier = async () => (await engine.getUser('u'))?.slices.incentives as IncentivesState | undefined;
    await engine.dispatch({ id: 't1', type: 'task.done', userId: 'u', at: iso(T0), payload: {} });
    expect((await tier())?.tier?.id).toBe('silver');
    const [timer] = await store.listTimers({ userId: 'u' });
    // The score leaves silver two days on; the timer fires then, and its rule does not review (no view yet).
    expect(timer?.dueAt).toBe(T0 + 48 * HOUR);
    clock.set(T0 + 49 * HOUR);
    await engine.tick(T0 + 49 * HOUR);
    expect((await tier())?.tier?.id).toBe('silver');
    // A view from before the timer's time arrives late: its review keeps silver, and the time it needs is due.
    await engine.dispatch({
      id: 'v1',
      type: 'page.viewed',
      userId: 'u',
      at: iso(T0 + 47 * HOUR),
      payload: {},
    });
    expect((await tier())?.tier?.id).toBe('silver');
    // Armed again at the time it fired at: a new arming (another generation), whose event runs.
    expect((await store.listTimers({ userId: 'u' })).map((t) => t.dueAt)).toEqual([T0 + 48 * HOUR]);
    clock.set(T0 + 50 * HOUR);
    await engine.tick(T0 + 50 * HOUR);
    expect((await tier())?.tierHistory).toEqual([
      { tier: 'silver', at: T0 },
      { tier: 'basic', at: T0 + 48 * HOUR },
    ]);
  });
});
