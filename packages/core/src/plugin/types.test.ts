// The public plugin types, checked by the type-checker (`npm run typecheck` compiles this file):
// `expectTypeOf` fails the build when a type drifts, and `@ts-expect-error` fails it when a mistake compiles.
import { describe, expect, expectTypeOf, it } from 'vitest';
import { createEngine } from '../engine/create-engine';
import type { CoreLoopEvents, LoopEventName, LoopEvents } from '../event/loop-events';
import type { EffectReport } from '../event/outcome';
import { createMemoryStore } from '../store/memory-store';
import { createManualClock } from '../time/clock';
import { corePlugin } from './core-plugin';
import { defineEffect } from './define-effect';
import { definePlugin } from './define-plugin';
import type {
  DispatchContext,
  EffectContext,
  EffectType,
  FactContext,
  FactDefinition,
  HookName,
  Plugin,
  PluginHooks,
} from './types';

interface PointsState {
  points: number;
}
interface PointsSettings {
  multiplier: number;
}
interface AwardParams {
  amount: number;
}

const award = defineEffect<PointsState, AwardParams, PointsSettings>({
  params: {
    type: 'object',
    required: ['amount'],
    additionalProperties: false,
    properties: { amount: { type: 'integer', minimum: 1 } },
  },
  apply: (state, params, ctx) => {
    expectTypeOf(state).toEqualTypeOf<PointsState>();
    expectTypeOf(params).toEqualTypeOf<AwardParams>();
    expectTypeOf(ctx).toEqualTypeOf<EffectContext<PointsState, PointsSettings>>();
    expectTypeOf(ctx.settings).toEqualTypeOf<PointsSettings>();
    expectTypeOf(ctx.slice()).toEqualTypeOf<PointsState>();
    ctx.report({ status: 'applied', data: { amount: params.amount } });
    return { points: state.points + params.amount * ctx.settings.multiplier };
  },
});

/** A plugin whose effects come from `defineEffect` and inline: no cast anywhere. */
const points = () =>
  definePlugin<PointsState, PointsSettings>({
    name: 'points',
    version: '1.0.0',
    settings: { schema: { type: 'object' }, defaults: { multiplier: 2 } },
    state: { initial: () => ({ points: 0 }) },
    effects: {
      'points.award': award,
      'points.reset': defineEffect({
        params: { type: 'object' },
        apply: (_state, _params: Record<string, never>, ctx) => {
          expectTypeOf(ctx.settings).toEqualTypeOf<PointsSettings>();
          return { points: 0 };
        },
      }),
    },
    facts: {
      'points.balance': {
        value: (ctx) => {
          expectTypeOf(ctx).toEqualTypeOf<FactContext<PointsSettings>>();
          return ctx.slice<PointsState>().points;
        },
      },
    },
    hooks: {
      afterRules: (ctx) => {
        expectTypeOf(ctx).toEqualTypeOf<DispatchContext<PointsState, PointsSettings>>();
        expectTypeOf(ctx.applyEffect).returns.toEqualTypeOf<EffectReport>();
      },
    },
  });

describe('public plugin types', () => {
  it('an effect typed by defineEffect runs through the engine with its params, slice and settings', async () => {
    const plugin = points();
    expectTypeOf(plugin).toEqualTypeOf<Plugin<PointsState, PointsSettings>>();
    expectTypeOf(plugin).toExtend<Plugin>();
    expectTypeOf(award).toEqualTypeOf<EffectType<PointsState, AwardParams, PointsSettings>>();
    const engine = createEngine({
      plugins: [plugin],
      policy: {
        version: 1,
        settings: { points: { multiplier: 3 } },
        rules: [{ id: 'r', stage: 'motivation', effects: [{ type: 'points.award', params: { amount: 5 } }] }],
      },
      store: createMemoryStore(),
      clock: createManualClock('2026-01-01T00:00:00Z'),
    });
    const outcome = await engine.dispatch({ id: 'e1', type: 'x', userId: 'u', at: '2026-01-01T00:00:00Z' });
    expect(outcome.effects.map((e) => e.report)).toEqual([{ status: 'applied', data: { amount: 5 } }]);
    expect((await engine.getUser('u'))?.slices.points).toEqual({ points: 15 });
  });

  it('rejects, at compile time, an effect of another slice and a reducer that returns something else', () => {
    const other = defineEffect<{ name: string }, AwardParams, PointsSettings>({
      params: { type: 'object' },
      apply: (state) => state,
    });
    const plugin = definePlugin<PointsState, PointsSettings>({
      name: 'checked',
      version: '1.0.0',
      // @ts-expect-error an effect of another slice type does not fit this plugin
      effects: { 'checked.other': other },
    });
    defineEffect<PointsState, AwardParams>({
      params: { type: 'object' },
      // @ts-expect-error a reducer returns the plugin's slice
      apply: () => 'points',
    });
    // at run time definePlugin checks shapes, not types: the plugin is returned as it is
    expect(plugin.effects?.['checked.other']).toBe(other);
  });

  it('contexts: effects cannot set the slice, hooks can; loop events are typed by name', () => {
    expectTypeOf<EffectContext>().not.toHaveProperty('setSlice');
    expectTypeOf<DispatchContext>().toHaveProperty('setSlice');
    expectTypeOf<LoopEvents>().toExtend<CoreLoopEvents>();
    expectTypeOf<LoopEventName>().toEqualTypeOf<keyof LoopEvents>();
    expectTypeOf<LoopEvents['rule:fired']>().toEqualTypeOf<CoreLoopEvents['rule:fired']>();
    const emitOf = (ctx: DispatchContext) => {
      ctx.emit('rule:fired', { eventId: 'e', userId: 'u', ruleId: 'r', stage: 'action' });
      // @ts-expect-error an event name nobody declared
      ctx.emit('no:such-event', {});
      // @ts-expect-error a payload of the wrong shape
      ctx.emit('rule:fired', { eventId: 'e' });
    };
    expect(typeof emitOf).toBe('function');
  });

  it('hook names are the keys of PluginHooks; facts and the core plugin fit Plugin', () => {
    expectTypeOf<HookName>().toEqualTypeOf<keyof PluginHooks>();
    expectTypeOf<FactDefinition<PointsSettings>['value']>()
      .parameter(0)
      .toEqualTypeOf<FactContext<PointsSettings>>();
    expectTypeOf(corePlugin).toExtend<Plugin>();
    expect(corePlugin.name).toBe('core');
  });
});
