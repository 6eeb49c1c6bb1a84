import { EngageLoopError, toEngageLoopError } from '../errors/error';
import type { DispatchContext, EffectReport, HookName, Plugin } from '../plugin/types';
import { type NormalizedRule, STAGES, type Stage } from '../policy/types';
import { createDispatchContext, createEffectContext } from './contexts';
import type { DispatchState } from './dispatch-state';
import { createFactResolver } from './facts';
import type { RuleTrace } from './outcome';
import { assignArm } from './variant';

type HookFn = (ctx: DispatchContext, ...args: unknown[]) => void | Promise<void>;

/** Calls one hook of every plugin that has it, in plugin order; a throw becomes PLUGIN_ERROR. */
export async function runHook(
  state: DispatchState,
  hook: Exclude<HookName, 'prepare' | 'onTick' | 'onFailure'>,
  ...args: unknown[]
): Promise<void> {
  for (const plugin of state.registry.plugins) {
    const fn = plugin.hooks?.[hook] as HookFn | undefined;
    if (!fn) continue;
    try {
      const result = fn(contextFor(state, plugin), ...args);
      if (result && typeof (result as Promise<void>).then === 'function') await result;
    } catch (error) {
      throw toEngageLoopError(error, 'PLUGIN_ERROR', { plugin: plugin.name, hook });
    }
  }
}

const contexts = new WeakMap<DispatchState, Map<string, DispatchContext>>();
function contextFor(state: DispatchState, plugin: Plugin): DispatchContext {
  let map = contexts.get(state);
  if (!map) {
    map = new Map();
    contexts.set(state, map);
  }
  let ctx = map.get(plugin.name);
  if (!ctx) {
    ctx = createDispatchContext(state, plugin.name, effectApplier(state));
    map.set(plugin.name, ctx);
  }
  return ctx;
}

/** Returns the function that applies an effect by type through its plugin's reducer. */
export function effectApplier(state: DispatchState) {
  const apply = (type: string, params: Record<string, unknown>, ruleId: string): EffectReport => {
    const entry = state.registry.effect(type);
    if (!entry) {
      throw new EngageLoopError('RULE_EFFECT_UNKNOWN', { message: `Unknown effect type "${type}".`, ruleId });
    }
    const { plugin, definition } = entry;
    let report: EffectReport = { status: 'applied' };
    const ctx = createEffectContext(state, plugin.name, apply, ruleId, (r) => {
      report = r;
    });
    const before = state.sliceOf(plugin);
    let after: unknown;
    try {
      after = (definition.apply as (s: unknown, p: unknown, c: unknown) => unknown)(before, params, ctx);
    } catch (error) {
      throw toEngageLoopError(error, 'PLUGIN_ERROR', { plugin: plugin.name, hook: `effect:${type}`, ruleId });
    }
    if (plugin.state && after !== before && after !== undefined) state.setSlice(plugin.name, after);
    state.effects.push({ ruleId, stage: state.stage, type, params, report });
    state.emit(
      'effect:applied',
      { eventId: state.event.id, userId: state.event.userId, ruleId, type, params, report },
      false,
    );
    return report;
  };
  return apply;
}

function variantSkips(state: DispatchState, rule: NormalizedRule): boolean {
  if (!rule.variant) return false;
  const experiment = state.policy.experiments[rule.variant.experiment];
  if (!experiment) return true;
  return assignArm(state.user.id, rule.variant.experiment, experiment.arms) !== rule.variant.arm;
}

/** Evaluates one stage and applies the effects of the rules that fired, in run order. */
async function runStage(state: DispatchState, stage: Stage): Promise<void> {
  state.stage = stage;
  const all = state.runtime.candidates(stage, state.event.type);
  const traces: RuleTrace[] = [];
  const candidates: NormalizedRule[] = [];
  for (const rule of all) {
    if (variantSkips(state, rule)) {
      if (state.trace) traces.push(skipTrace(state, rule, 'variant'));
    } else candidates.push(rule);
  }
  if (state.trace)
    for (const rule of state.runtime.disabled(stage, state.event.type))
      traces.push(skipTrace(state, rule, 'disabled'));
  if (candidates.length > 0) {
    const tracing = state.trace !== undefined;
    const pending = state.runtime.prepared.evaluate(stage, candidates, createFactResolver(state), {
      trace: tracing,
    });
    const results = Array.isArray(pending) ? pending : await pending;
    const firedIds = new Set(results.filter((r) => r.fired).map((r) => r.ruleId));
    if (state.trace) {
      const byId = new Map(results.map((r) => [r.ruleId, r]));
      for (const rule of candidates) {
        const r = byId.get(rule.id);
        traces.push({
          ruleId: rule.id,
          stage,
          priority: rule.priority,
          fired: firedIds.has(rule.id),
          evaluator: r?.evaluator ?? state.runtime.prepared.evaluator,
          ...(r?.condition ? { condition: r.condition } : {}),
        });
      }
    }
    const apply = effectApplier(state);
    for (const rule of candidates) {
      if (!firedIds.has(rule.id)) continue;
      state.fired.push(rule.id);
      state.emit(
        'rule:fired',
        { eventId: state.event.id, userId: state.event.userId, ruleId: rule.id, stage },
        false,
      );
      for (const effect of rule.effects) apply(effect.type, effect.params, rule.id);
    }
  }
  state.trace?.stages.push({ stage, rules: traces });
}

function skipTrace(state: DispatchState, rule: NormalizedRule, skipped: 'variant' | 'disabled'): RuleTrace {
  return {
    ruleId: rule.id,
    stage: rule.stage,
    priority: rule.priority,
    fired: false,
    skipped,
    evaluator: state.runtime.prepared.evaluator,
  };
}

/** The whole pipeline inside the unit of work: hooks, the four stages, hooks. */
export async function runPipeline(state: DispatchState): Promise<void> {
  await runHook(state, 'beforeRules');
  for (const stage of STAGES) {
    await runStage(state, stage);
    await runHook(state, 'afterStage', stage);
  }
  state.stage = null;
  await runHook(state, 'afterRules');
}
