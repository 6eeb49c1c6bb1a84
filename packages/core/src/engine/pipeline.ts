import type { RuleEvaluation } from '../evaluator/types';
import type { RuleTrace } from '../event/outcome';
import type { RuleEffect } from '../event/outcome-draft';
import type { HookEntry } from '../plugin/registry';
import type { DispatchContext, HookName } from '../plugin/types';
import type { NormalizedRule, Stage } from '../policy/types';
import { applyEffect } from './contexts';
import type { DispatchState } from './dispatch-state';
import { hookSeq } from './plugin-driver';
import type { StagePlan } from './runtime';
import { assignArm } from './variant';

type PipelineHook = Exclude<HookName, 'prepare' | 'onTick' | 'onFailure' | 'forgetUser'>;
type HookFn = (ctx: DispatchContext, stage?: Stage) => unknown;

/*
 * The pipeline runs synchronously for as long as nothing hands it a promise: a hook that returns a
 * thenable, or an evaluation that needs an async fact, is awaited and the rest continues after it.
 * A dispatch whose hooks and facts are all synchronous creates no promise here.
 */

/** One pipeline hook of one plugin; `afterStage` gets the stage that just ran (`state.stage`). */
const callHook = (entry: HookEntry<PipelineHook>, state: DispatchState): unknown =>
  (entry.fn as HookFn)(state.hookContext(entry.plugin, entry.index), state.stage ?? undefined);

/**
 * Calls `hook` of every plugin that has it (`entries`, the hook's list in `state.runtime.hooks`, unfrozen copies of the registry's), in plugin order
 * (see `hookSeq`). The caller reads the list by its name: one keyed load of the table here, by a key that varies,
 * went megamorphic (five generic loads per event on the memory batch row).
 */
function runHook(
  state: DispatchState,
  entries: readonly HookEntry<PipelineHook>[],
  hook: PipelineHook,
): void | Promise<void> {
  return hookSeq(entries, hook, callHook, state);
}

function variantSkips(state: DispatchState, rule: NormalizedRule): boolean {
  if (!rule.variant) return false;
  const experiment = state.policy.experiments[rule.variant.experiment];
  if (!experiment) return true;
  return assignArm(state.userForFacts().id, rule.variant.experiment, experiment.arms) !== rule.variant.arm;
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

/** Fires one rule: records it, tells listeners, applies its effects in order. */
function fire(state: DispatchState, rule: NormalizedRule, stage: Stage): void {
  state.addFired(rule.id);
  if (state.observed('rule:fired')) {
    const { id: eventId, userId } = state.event;
    state.emit('rule:fired', { eventId, userId, ruleId: rule.id, stage }, false);
  }
  // Indexed: this loop runs for every fired rule, and V8 did not always elide a for…of's iterator results here
  // (about 300 bytes per event of the memory batch row).
  const effects = state.runtime.effectsOf(rule);
  for (let i = 0; i < effects.length; i++) {
    const effect = effects[i] as RuleEffect;
    applyEffect(state, effect.type, effect.params, rule.id, effect);
  }
}

/** Trace off: one flag per candidate, in candidate order. */
function applyFlags(
  state: DispatchState,
  stage: Stage,
  candidates: readonly NormalizedRule[],
  flags: readonly boolean[],
): void {
  for (let i = 0; i < candidates.length; i++)
    if (flags[i]) fire(state, candidates[i] as NormalizedRule, stage);
}

/** Trace off, the flags packed (bit i: candidate i fired): the same firing order as `applyFlags`. */
function applyBits(
  state: DispatchState,
  stage: Stage,
  candidates: readonly NormalizedRule[],
  bits: number,
): void {
  for (let i = 0; bits !== 0; i++, bits >>>= 1)
    if ((bits & 1) !== 0) fire(state, candidates[i] as NormalizedRule, stage);
}

/** Trace on: full evaluations (in candidate order, except rules a fallback decided, appended). */
function applyTraced(
  state: DispatchState,
  stage: Stage,
  candidates: readonly NormalizedRule[],
  results: readonly RuleEvaluation[],
  traces: RuleTrace[],
): void {
  const byId = new Map(results.map((r) => [r.ruleId, r]));
  for (const rule of candidates) {
    const r = byId.get(rule.id);
    traces.push({
      ruleId: rule.id,
      stage,
      priority: rule.priority,
      fired: r?.fired === true,
      evaluator: r?.evaluator ?? state.runtime.prepared.evaluator,
      ...(r?.condition ? { condition: r.condition } : {}),
    });
  }
  for (const rule of candidates) if (byId.get(rule.id)?.fired === true) fire(state, rule, stage);
  state.trace?.stages.push({ stage, rules: traces });
}

/** Evaluates one stage and applies the effects of the rules that fired, in run order. */
function runStage(state: DispatchState, plan: StagePlan): void | Promise<void> {
  const stage = plan.stage;
  state.stage = stage;
  const traces: RuleTrace[] | undefined = state.trace ? [] : undefined;
  let candidates = plan.enabled;
  if (plan.variants) {
    candidates = [];
    for (const rule of plan.enabled) {
      if (!variantSkips(state, rule)) (candidates as NormalizedRule[]).push(rule);
      else traces?.push(skipTrace(state, rule, 'variant'));
    }
  }
  if (traces) for (const rule of plan.disabled) traces.push(skipTrace(state, rule, 'disabled'));
  if (candidates.length === 0) {
    if (traces) state.trace?.stages.push({ stage, rules: traces });
    return;
  }
  const prepared = state.runtime.prepared;
  const facts = state.stageFacts();
  if (!traces) {
    const flags = prepared.firedBits
      ? prepared.firedBits(stage, candidates, facts)
      : prepared.fired(stage, candidates, facts);
    if (typeof flags === 'number') return applyBits(state, stage, candidates, flags);
    if (Array.isArray(flags)) return applyFlags(state, stage, candidates, flags);
    return firedLater(flags, state, stage, candidates);
  }
  const pending = prepared.evaluate(stage, candidates, facts, { trace: true });
  if (Array.isArray(pending)) return applyTraced(state, stage, candidates, pending, traces);
  return evaluatedLater(pending, state, stage, candidates, traces);
}

/*
 * The continuations of a stage or step whose evaluation or hook handed back a promise. Functions of their own:
 * a closure in the synchronous functions above would make them allocate a context on every call.
 */

function firedLater(
  flags: PromiseLike<readonly boolean[]> | readonly boolean[],
  state: DispatchState,
  stage: Stage,
  candidates: readonly NormalizedRule[],
): Promise<void> {
  return Promise.resolve(flags).then((f) => applyFlags(state, stage, candidates, f));
}

function evaluatedLater(
  pending: PromiseLike<readonly RuleEvaluation[]> | readonly RuleEvaluation[],
  state: DispatchState,
  stage: Stage,
  candidates: readonly NormalizedRule[],
  traces: RuleTrace[],
): Promise<void> {
  return Promise.resolve(pending).then((results) => applyTraced(state, stage, candidates, results, traces));
}

function stepsLater(
  result: Promise<void>,
  state: DispatchState,
  plans: readonly StagePlan[],
  next: number,
): Promise<void> {
  return result.then(() => runSteps(state, plans, next));
}

/**
 * The whole pipeline inside the unit of work: `beforeRules`, then per stage the rules and `afterStage`,
 * then `afterRules`. Returns a promise only when a hook or an evaluation did.
 */
export function runPipeline(state: DispatchState): void | Promise<void> {
  return runSteps(state, state.runtime.plan(state.event.type), 0);
}

/** Step 0: beforeRules; 2k+1: stage k; 2k+2: afterStage k; 9: afterRules. */
function runSteps(state: DispatchState, plans: readonly StagePlan[], from: number): void | Promise<void> {
  const hooks = state.runtime.hooks;
  for (let step = from; step < 10; step++) {
    let result: void | Promise<void>;
    if (step === 0) result = runHook(state, hooks.beforeRules, 'beforeRules');
    else if (step === 9) {
      state.stage = null;
      result = runHook(state, hooks.afterRules, 'afterRules');
    } else {
      const plan = plans[(step - 1) >> 1] as StagePlan;
      result = step % 2 === 1 ? runStage(state, plan) : runHook(state, hooks.afterStage, 'afterStage');
    }
    if (result) return stepsLater(result, state, plans, step + 1);
  }
}
