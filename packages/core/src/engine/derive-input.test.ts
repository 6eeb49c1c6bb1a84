import { describe, expect, it } from 'vitest';
import { definePlugin } from '../plugin/define-plugin';
import type { DispatchContext } from '../plugin/types';
import { createMemoryStore } from '../store/memory-store';
import { createManualClock } from '../time/clock';
import { createEngine } from './create-engine';
import { derivedEventId } from './derive';

const T0 = Date.parse('2026-03-02T09:00:00Z');

/** A plugin whose one effect does what the event's payload `act` names, through the dispatch context. */
const acts: Record<string, (ctx: DispatchContext) => void> = {
  undeclared: (ctx) => void ctx.derive({ key: 'k', type: 'probe.nope', userId: 'u2' }),
  badPayload: (ctx) => void ctx.derive({ key: 'k', type: 'probe.got', userId: 'u2', payload: { n: 'x' } }),
  emptyKey: (ctx) => void ctx.derive({ key: '', type: 'probe.got', userId: 'u2', payload: { n: 1 } }),
  bothSubjects: (ctx) =>
    void ctx.derive({ key: 'k', type: 'probe.got', userId: 'u2', entity: 'group:g', payload: { n: 1 } }),
  badEntity: (ctx) => void ctx.derive({ key: 'k', type: 'probe.got', entity: 'Group:g', payload: { n: 1 } }),
  reservedTimer: (ctx) => ctx.schedule({ id: 'derived:x', type: 'probe.got', dueAt: T0, payload: { n: 1 } }),
  entityMessage: (ctx) => void ctx.send({ kind: 'notice', topic: 't', body: 'hi' }),
  sameKeyTwice: (ctx) => {
    const a = ctx.derive({ key: 'k', type: 'probe.got', userId: 'u2', payload: { n: 1 } });
    const b = ctx.derive({ key: 'k', type: 'probe.got', userId: 'u3', payload: { n: 2 } });
    if (a !== b) throw new Error('the same key gave two ids');
  },
  entityTimer: (ctx) => ctx.schedule({ id: 'end', type: 'probe.got', dueAt: T0 + 1, payload: { n: 1 } }),
};

const probe = definePlugin({
  name: 'probe',
  version: '1.0.0',
  eventTypes: {
    'probe.act': { payload: { type: 'object', required: ['act'], properties: { act: { type: 'string' } } } },
    'probe.got': { payload: { type: 'object', required: ['n'], properties: { n: { type: 'integer' } } } },
  },
  effects: {
    'probe.do': {
      params: { type: 'object' },
      apply: (state: unknown, _params: unknown, ctx) => {
        const act = acts[String(ctx.event.payload.act)];
        act?.(ctx as unknown as DispatchContext);
        return state;
      },
    },
  },
});

function setUp() {
  const store = createMemoryStore();
  const engine = createEngine({
    plugins: [probe],
    policy: {
      version: 1,
      rules: [{ id: 'do', stage: 'action', on: 'probe.act', effects: [{ type: 'probe.do', params: {} }] }],
    },
    store,
    clock: createManualClock(T0),
  });
  return { engine, store };
}

const act = (act: string, subject: { userId: string } | { entity: string } = { userId: 'u1' }) => ({
  id: `e-${act}`,
  type: 'probe.act',
  ...subject,
  at: new Date(T0).toISOString(),
  payload: { act },
});

describe('ctx.derive and friends refuse bad input by code, rolling the dispatch back', () => {
  it.each([
    ['undeclared', 'DERIVED_EVENT_INVALID'],
    ['badPayload', 'DERIVED_EVENT_INVALID'],
    ['emptyKey', 'DERIVED_EVENT_INVALID'],
    ['bothSubjects', 'EVENT_SUBJECT_INVALID'],
    ['badEntity', 'EVENT_SUBJECT_INVALID'],
    ['reservedTimer', 'DERIVED_EVENT_INVALID'],
  ])('%s → %s', async (name, code) => {
    const { engine, store } = setUp();
    const outcome = await engine.dispatch(act(name));
    expect([outcome.status, outcome.error?.code, outcome.error?.plugin]).toEqual(['failed', code, 'probe']);
    expect(await store.listTimers()).toEqual([]);
    expect(await engine.getUser('u1')).toBeUndefined();
  });

  it('an entity has no inbox: a message from its event must name a user', async () => {
    const { engine } = setUp();
    const outcome = await engine.dispatch(act('entityMessage', { entity: 'group:g1' }));
    expect(outcome.error?.code).toBe('EVENT_SUBJECT_INVALID');
  });

  it('the same key twice in one dispatch derives one event, the first', async () => {
    const { engine, store } = setUp();
    const got: unknown[] = [];
    const [outcome] = await engine.dispatchBatch([act('sameKeyTwice')], {
      onDerived: (o) => void got.push(o.userId),
    });
    expect(outcome?.derived).toHaveLength(1);
    expect(got).toEqual(['u2']);
    expect(await store.listTimers()).toEqual([]);
  });

  it("an entity's timer fires for the entity by default", async () => {
    const { engine, store } = setUp();
    await engine.dispatch(act('entityTimer', { entity: 'contest:c1' }));
    expect(await store.listTimers()).toMatchObject([{ id: 'end', userId: '', entity: 'contest:c1' }]);
    const report = await engine.tick(T0 + 1);
    expect(report.outcomes.map((o) => [o.source, o.entity, o.status])).toEqual([
      ['timer', 'contest:c1', 'applied'],
    ]);
    expect((await engine.getEntity('contest:c1'))?.counts).toEqual({ 'probe.act': 1, 'probe.got': 1 });
  });

  it('derived ids are a hash of the cause record key and the key', () => {
    const a = derivedEventId('e.abc:e1', 'k');
    expect(a).toMatch(/^d-[0-9a-f]{32}$/);
    expect(derivedEventId('e.abc:e1', 'k')).toBe(a);
    expect(derivedEventId('e.abd:e1', 'k')).not.toBe(a);
    expect(derivedEventId('e.abc:e1', 'k2')).not.toBe(a);
  });
});
