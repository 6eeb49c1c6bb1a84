import {
  createEngine,
  createManualClock,
  createMemoryStore,
  isEngageLoopError,
  type LoopEvents,
  loadPolicy,
  type PolicyDocument,
} from '@engageloop/core';
import { describe, expect, it } from 'vitest';
import { type IncentivesState, incentives } from '../index';

const policyDoc = (milestone: Record<string, unknown> = {}): PolicyDocument => ({
  version: 1,
  defaults: { timezone: 'Asia/Shanghai', locale: 'en' },
  eventTypes: { 'task.done': {}, 'review.done': {}, 'undo.done': {} },
  settings: {
    incentives: {
      actions: { reviews: { events: ['review.done'] } },
      badges: {
        certified: { name: { en: 'Certified', 'zh-CN': '实践认证' } },
        'first-review': { name: { en: 'First review', 'zh-CN': '首评' } },
        star: {},
      },
      distinct: {
        tasks: { events: ['task.done'], key: '$.payload.taskId', score: '$.payload.score', maxKeys: 50 },
      },
      milestones: [
        { id: 'tasks-3', distinct: 'tasks', threshold: 3, badge: 'certified', ...milestone },
        { id: 'first-review', action: 'reviews', threshold: 1, badge: 'first-review' },
      ],
    },
  },
  rules: [
    {
      id: 'review-points',
      stage: 'action',
      on: 'review.done',
      effects: [{ type: 'incentives.award', params: { amount: 10 } }],
    },
    {
      id: 'star-on-second',
      stage: 'motivation',
      on: 'review.done',
      conditions: {
        all: [{ fact: 'incentives.count', params: { action: 'reviews' }, operator: 'equal', value: 2 }],
      },
      effects: [{ type: 'incentives.grantBadge', params: { badge: 'star' } }],
    },
    {
      id: 'undo',
      stage: 'action',
      on: 'undo.done',
      effects: [{ type: 'incentives.revoke', params: { eventIdPath: '$.payload.eventId', scope: 'event' } }],
    },
    {
      id: 'undo-points',
      stage: 'action',
      on: 'points.undo',
      effects: [{ type: 'incentives.revoke', params: { eventIdPath: '$.payload.eventId' } }],
    },
  ],
});

async function setup(doc = policyDoc()) {
  const plugin = incentives();
  const policy = loadPolicy(
    { ...doc, eventTypes: { ...doc.eventTypes, 'points.undo': {} } },
    {
      plugins: [plugin],
    },
  );
  const clock = createManualClock('2026-03-01T00:00:00Z');
  const engine = createEngine({ plugins: [plugin], policy, store: createMemoryStore(), clock });
  const seen: Array<{ name: string; payload: unknown }> = [];
  for (const name of ['milestone:reached', 'milestone:withdrawn', 'badge:withdrawn'] as const)
    engine.on(name, (payload: LoopEvents[typeof name]) => seen.push({ name, payload }));
  let n = 0;
  const send = (type: string, payload: Record<string, unknown> = {}) =>
    engine.dispatch({ id: `e${++n}`, type, userId: 'u1', at: `2026-03-01T00:0${n % 10}:00Z`, payload });
  const slice = async () => (await engine.getUser('u1'))?.slices.incentives as IncentivesState;
  return { engine, send, slice, seen };
}

describe('distinct counters', () => {
  it('counts a task submitted three times once, keeping its best version', async () => {
    const { send, slice, seen } = await setup();
    await send('task.done', { taskId: 't1', score: 60 });
    await send('task.done', { taskId: 't1', score: 90 });
    await send('task.done', { taskId: 't1', score: 70 });
    await send('task.done', { taskId: 't2', score: 50 });
    const s = await slice();
    expect(s.distinct?.tasks?.map((k) => k.key)).toEqual(['t1', 't2']);
    expect(seen.filter((e) => e.name === 'milestone:reached')).toEqual([]);
    await send('task.done', { taskId: 't3' });
    expect(seen.map((e) => e.name)).toEqual(['milestone:reached']);
    expect((await slice()).badges).toHaveProperty('certified');
  });

  it('reads distinct, best and submission as facts', async () => {
    const doc = policyDoc();
    doc.rules.push({
      id: 'excellent',
      stage: 'motivation',
      on: 'task.done',
      conditions: {
        all: [
          {
            fact: 'incentives.best',
            params: { counter: 'tasks' },
            operator: 'greaterThanInclusive',
            value: 90,
          },
          { fact: 'incentives.distinct', params: { counter: 'tasks' }, operator: 'equal', value: 1 },
          {
            fact: 'incentives.submission',
            params: { counter: 'tasks', key: 't1' },
            path: '$.submissions',
            operator: 'equal',
            value: 2,
          },
        ],
      },
      effects: [{ type: 'incentives.grantBadge', params: { badge: 'star' } }],
    });
    const { send, slice } = await setup(doc);
    await send('task.done', { taskId: 't1', score: 95 });
    expect((await slice()).badges).not.toHaveProperty('star'); // one submission so far
    await send('task.done', { taskId: 't1', score: 10 }); // the best (95) is kept
    expect((await slice()).badges).toHaveProperty('star');
  });

  it('counts only keys whose best score reaches minScore', async () => {
    const { send, seen } = await setup(policyDoc({ minScore: 80 }));
    await send('task.done', { taskId: 't1', score: 60 });
    await send('task.done', { taskId: 't2', score: 85 });
    await send('task.done', { taskId: 't3', score: 95 });
    expect(seen).toEqual([]);
    await send('task.done', { taskId: 't1', score: 80 });
    expect(seen.map((e) => e.name)).toEqual(['milestone:reached']);
  });

  it('refuses a milestone that counts more keys than its counter keeps, when the policy loads', () => {
    let error: unknown;
    try {
      loadPolicy(policyDoc({ threshold: 51 }), { plugins: [incentives()] });
    } catch (e) {
      error = e;
    }
    expect(isEngageLoopError(error) && error.errors.map((e) => e.code)).toContain('SETTINGS_INVALID');
  });

  it('stops at maxKeys and never counts a key twice', async () => {
    const doc = policyDoc({ threshold: 2 });
    (doc.settings!.incentives as { distinct: { tasks: { maxKeys: number } } }).distinct.tasks.maxKeys = 2;
    const { send, slice } = await setup(doc);
    for (const taskId of ['a', 'b', 'c', 'a', 'b']) await send('task.done', { taskId, score: 1 });
    expect((await slice()).distinct?.tasks?.map((k) => k.key)).toEqual(['a', 'b']);
  });
});

describe('distinct keys from untrusted payloads', () => {
  it('counts "__proto__" and "constructor" as plain keys, polluting nothing', async () => {
    const { send, slice } = await setup();
    for (const taskId of ['__proto__', 'constructor', '__proto__'])
      await send('task.done', { taskId, score: 70 });
    const s = await slice();
    expect(s.distinct?.tasks?.map((k) => k.key)).toEqual(['__proto__', 'constructor']);
    expect(({} as Record<string, unknown>).score).toBeUndefined();
  });
});

describe('incentives.revoke with scope "event"', () => {
  it('withdraws the milestone and badge the undone event earned, and tells the user', async () => {
    const { engine, send, slice, seen } = await setup();
    await send('review.done'); // e1: first review → milestone + badge, 10 points
    expect((await slice()).badges).toHaveProperty('first-review');
    const out = await send('undo.done', { eventId: 'e1' });
    expect(out.status).toBe('applied');
    const s = await slice();
    expect(s.badges).not.toHaveProperty('first-review');
    expect(s.milestones).not.toHaveProperty('first-review');
    expect(s.actions.reviews ?? 0).toBe(0);
    expect(seen.filter((e) => e.name !== 'milestone:reached').map((e) => e.name)).toEqual([
      'milestone:withdrawn',
      'badge:withdrawn',
    ]);
    const bodies: string[] = [];
    await engine.drain(async (m) => {
      bodies.push(m.body);
    });
    expect(bodies).toEqual([expect.stringContaining('badge "First review" withdrawn')]);
  });

  it('keeps a badge a remaining event still earns', async () => {
    const { send, slice } = await setup();
    await send('review.done'); // e1
    await send('review.done'); // e2: grants "star" (count 2)
    await send('undo.done', { eventId: 'e1' });
    const s = await slice();
    expect(s.actions.reviews).toBe(1);
    expect(s.badges).toHaveProperty('first-review'); // the milestone still holds with one review
    expect(s.badges).toHaveProperty('star'); // granted by e2, which remains
  });

  it('withdraws a badge a rule granted on the undone event', async () => {
    const { send, slice } = await setup();
    await send('review.done'); // e1
    await send('review.done'); // e2: star
    await send('undo.done', { eventId: 'e2' });
    expect((await slice()).badges).not.toHaveProperty('star');
  });

  it('takes back a distinct submission: the key stays while another submission remains', async () => {
    const { send, slice } = await setup();
    await send('task.done', { taskId: 't1', score: 60 }); // e1
    await send('task.done', { taskId: 't1', score: 90 }); // e2
    await send('undo.done', { eventId: 'e2' });
    expect((await slice()).distinct?.tasks).toEqual([
      { key: 't1', subs: [expect.objectContaining({ eventId: 'e1', score: 60 })] },
    ]);
    await send('undo.done', { eventId: 'e1' });
    expect((await slice()).distinct?.tasks).toEqual([]);
  });

  it('scope "points" (the default) leaves badges and milestones alone', async () => {
    const { send, slice } = await setup();
    await send('review.done'); // e1
    await send('points.undo', { eventId: 'e1' });
    const s = await slice();
    expect(s.badges).toHaveProperty('first-review');
    expect(s.entries.filter((e) => e.kind === 'revoke')).toHaveLength(1);
  });
});
