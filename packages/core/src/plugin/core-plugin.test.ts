import { describe, expect, it } from 'vitest';
import { createEngine } from '../engine/create-engine';
import type { RuleDefinition } from '../policy/types';
import { createMemoryStore } from '../store/memory-store';
import { createManualClock } from '../time/clock';
import { definePlugin } from './define-plugin';

const set = (key: string, value: unknown) => ({ type: 'core.setAttribute', params: { key, value } });

/** Keeps what it reads of the user (by reference, with a JSON copy taken at the time). */
function watcher(seen: Array<{ ref: unknown; json: string }>) {
  const keep = (value: unknown) => seen.push({ ref: value, json: JSON.stringify(value) });
  return definePlugin({
    name: 'watcher',
    version: '1.0.0',
    effects: {
      'watcher.peek': {
        params: { type: 'object' },
        apply: (state, _params, ctx) => {
          keep(ctx.user.attributes);
          return state;
        },
      },
    },
    hooks: {
      afterStage: (ctx) => {
        keep(ctx.user.attributes);
      },
    },
  });
}

const rules = [
  { id: 'a', stage: 'motivation', effects: [set('a', 1), set('b', 2)] },
  { id: 'b', stage: 'motivation', effects: [set('c', 3), { type: 'watcher.peek', params: {} }, set('g', 7)] },
  { id: 'c', stage: 'action', effects: [set('a', null), set('e', 5)] },
  { id: 'd', stage: 'action', effects: [set('f', 6)] },
] as RuleDefinition[];

describe('core.setAttribute', () => {
  it('sets and removes attributes; nothing anyone read or loaded changes afterwards', async () => {
    const seen: Array<{ ref: unknown; json: string }> = [];
    const store = createMemoryStore();
    const engine = createEngine({
      plugins: [watcher(seen)],
      policy: { version: 1, name: 'attributes', rules },
      store,
      clock: createManualClock('2026-01-01T00:00:00Z'),
    });
    const at = '2026-01-01T00:00:00Z';
    await engine.dispatch({ id: 'e1', type: 'x.done', userId: 'u', at });
    const before = await engine.getUser('u');
    const beforeJson = JSON.stringify(before);
    const outcome = await engine.dispatch({ id: 'e2', type: 'x.done', userId: 'u', at }, { trace: true });
    expect(outcome.status).toBe('applied');
    expect((await engine.getUser('u'))?.attributes).toEqual({ b: 2, c: 3, e: 5, f: 6, g: 7 });
    expect(JSON.stringify(before)).toBe(beforeJson);
    for (const { ref, json } of seen) expect(JSON.stringify(ref)).toBe(json);
    // per dispatch: after each of 4 stages, and one peek between two effects of rule b
    expect(seen).toHaveLength(10);
    const second = seen.slice(5).map((s) => JSON.parse(s.json) as Record<string, unknown>);
    expect(second[1]).toEqual({ a: 1, b: 2, c: 3, e: 5, f: 6, g: 7 }); // the peek, between c and g
    expect(second[2]).toEqual({ a: 1, b: 2, c: 3, e: 5, f: 6, g: 7 });
    expect(second[4]).toEqual({ b: 2, c: 3, e: 5, f: 6, g: 7 });
  });

  it('writes the dispatch copy of a large bag in place, never a bag anyone read (no trace)', async () => {
    const seen: Array<{ ref: unknown; json: string }> = [];
    const many = (from: number, to: number, value: unknown) =>
      Array.from({ length: to - from }, (_, i) => set(`k${from + i}`, value));
    const large = [
      { id: 'a', stage: 'need', effects: many(0, 10, 1) },
      { id: 'b', stage: 'motivation', effects: [...many(5, 12, 2), { type: 'watcher.peek', params: {} }] },
      { id: 'c', stage: 'motivation', effects: [set('k1', null), ...many(12, 14, 3)] },
      { id: 'd', stage: 'action', effects: [set('k0', 4), set('k2', null), set('z', { deep: [1] })] },
    ] as RuleDefinition[];
    const engine = createEngine({
      plugins: [watcher(seen)],
      policy: { version: 1, name: 'attributes', rules: large },
      store: createMemoryStore(),
      clock: createManualClock('2026-01-01T00:00:00Z'),
    });
    const at = '2026-01-01T00:00:00Z';
    await engine.dispatch({ id: 'e1', type: 'x.done', userId: 'u', at });
    const before = await engine.getUser('u');
    const beforeJson = JSON.stringify(before);
    await engine.dispatch({ id: 'e2', type: 'x.done', userId: 'u', at });
    const expected = { k0: 4, k3: 1, k4: 1, k5: 2, k6: 2, k7: 2, k8: 2, k9: 2, k10: 2, k11: 2 };
    const after = (await engine.getUser('u'))?.attributes;
    expect(after).toEqual({ ...expected, k12: 3, k13: 3, z: { deep: [1] } });
    expect(Object.isFrozen(after)).toBe(true);
    expect(JSON.stringify(before)).toBe(beforeJson);
    for (const { ref, json } of seen) expect(JSON.stringify(ref)).toBe(json);
    const peek = JSON.parse((seen[1] as { json: string }).json) as Record<string, unknown>;
    expect(peek).toEqual({
      k0: 1,
      k1: 1,
      k2: 1,
      k3: 1,
      k4: 1,
      k5: 2,
      k6: 2,
      k7: 2,
      k8: 2,
      k9: 2,
      k10: 2,
      k11: 2,
    });
  });

  it('still refuses a value that is not JSON data, set into a bag the dispatch owns', async () => {
    const sneaky = definePlugin({
      name: 'sneaky',
      version: '1.0.0',
      effects: {
        'sneaky.set': {
          params: { type: 'object' },
          apply: (state, _params, ctx) => {
            ctx.applyEffect('core.setAttribute', { key: 'k99', value: new Date(0) });
            return state;
          },
        },
      },
    });
    const many = Array.from({ length: 10 }, (_, i) => set(`k${i}`, i));
    const engine = createEngine({
      plugins: [sneaky],
      policy: {
        version: 1,
        name: 'attributes',
        eventTypes: { 'x.done': {}, 'y.done': {} },
        rules: [
          { id: 'a', stage: 'need', on: 'x.done', effects: [...many, { type: 'sneaky.set', params: {} }] },
        ] as RuleDefinition[],
      },
      store: createMemoryStore(),
      clock: createManualClock('2026-01-01T00:00:00Z'),
    });
    const at = '2026-01-01T00:00:00Z';
    await engine.dispatch({ id: 'e0', type: 'y.done', userId: 'u', at });
    await expect(engine.dispatch({ id: 'e1', type: 'x.done', userId: 'u', at })).rejects.toMatchObject({
      code: 'STORE_CONTRACT_VIOLATION',
    });
    expect((await engine.getUser('u'))?.attributes).toEqual({});
  });
});
