import { describe, expect, it } from 'vitest';
import { CORE_FACTS, corePlugin } from '../plugin/core-plugin';
import { definePlugin } from '../plugin/define-plugin';
import { createRegistry } from '../plugin/registry';
import type { DispatchContext } from '../plugin/types';
import type { PolicyDocument } from '../policy/types';
import { createMemoryStore } from '../store/memory-store';
import { createManualClock } from '../time/clock';
import { createEngine } from './create-engine';

/**
 * What a fact resolver reads for each core fact (straight from the dispatch state, `facts.ts`) against what the core
 * plugin's fact function gives for the same dispatch: `equal` is identity, so the resolver must give the very value.
 */
function coreFactsAgree(ctx: DispatchContext, registry: ReturnType<typeof createRegistry>) {
  return Promise.all(
    CORE_FACTS.map(async (name) => {
      const expected = registry.fact(name)?.definition.value(ctx, {});
      const agree = await ctx.evaluate({ all: [{ fact: name, operator: 'equal', value: expected }] });
      const withParams = await ctx.evaluate({
        all: [{ fact: name, params: { any: 1 }, operator: 'equal', value: expected }],
      });
      return [name, agree && withParams] as const;
    }),
  );
}

describe('core facts read by the fact resolver', () => {
  it('are the core plugin’s, whatever the plugins: another plugin’s facts are named `<plugin>.<name>`', () => {
    const registry = createRegistry([definePlugin({ name: 'other', version: '1.0.0' })]);
    for (const name of CORE_FACTS) expect(registry.fact(name)?.plugin).toBe(corePlugin);
    const clash = () =>
      definePlugin({ name: 'clash', version: '1.0.0', facts: { user: { value: () => 1 } } });
    expect(clash).toThrow(expect.objectContaining({ code: 'PLUGIN_INVALID' }));
  });

  it('give what the core plugin’s fact functions give, before and after the rules ran', async () => {
    const seen: Array<readonly (readonly [string, boolean])[]> = [];
    let registry: ReturnType<typeof createRegistry> | undefined;
    const look = async (ctx: DispatchContext) => {
      seen.push(await coreFactsAgree(ctx, registry as ReturnType<typeof createRegistry>));
    };
    const plugin = definePlugin({
      name: 'look',
      version: '1.0.0',
      hooks: { beforeRules: look, afterRules: look },
    });
    registry = createRegistry([plugin]);
    const policy: PolicyDocument = {
      version: 1,
      name: 'facts',
      eventTypes: { 'task.done': {} },
      rules: [
        {
          id: 'mark',
          stage: 'action',
          on: 'task.done',
          conditions: { all: [{ fact: 'event', path: '$.payload.n', operator: 'greaterThan', value: 0 }] },
          effects: [{ type: 'core.setAttribute', params: { key: 'marked', value: true } }],
        },
      ],
    };
    const engine = createEngine({
      registry,
      policy,
      store: createMemoryStore(),
      clock: createManualClock('2026-01-01T00:00:00Z'),
    });
    const at = '2026-01-01T00:00:00Z';
    await engine.dispatch({ id: 'e1', type: 'task.done', userId: 'u1', at, payload: { n: 1 } });
    await engine.dispatchBatch([
      { id: 'e2', type: 'task.done', userId: 'u1', at, payload: { n: 2 } },
      { id: 'e3', type: 'task.done', userId: 'u2', at, payload: { n: 0 } },
    ]);
    expect(seen).toHaveLength(6);
    for (const pairs of seen) expect(pairs).toEqual(CORE_FACTS.map((name) => [name, true]));
    expect((await engine.getUser('u1'))?.attributes).toEqual({ marked: true });
  });
});
