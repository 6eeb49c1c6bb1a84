import { type EngageLoopError, isEngageLoopError, toEngageLoopError } from '../errors/error';
import type { ValidatedEvent } from '../event/types';
import type { Registry } from '../plugin/registry';
import type { FailureContext, UserState } from '../plugin/types';
import { userKey } from '../store/keys';
import type { Store } from '../store/types';
import { createDispatchContext } from './contexts';
import { initialUserState } from './core-plugin';
import { DispatchState } from './dispatch-state';
import type { Outcome } from './outcome';
import { effectApplier, runPipeline } from './pipeline';
import type { PolicyRuntime } from './runtime';

export interface DispatchInput {
  registry: Registry;
  runtime: PolicyRuntime;
  store: Store;
  event: ValidatedEvent;
  now: number;
  trace: boolean;
  /** Set when the event is a fired timer: completed in the same commit. */
  timer?: { id: string; dueAt: number };
}

export interface DispatchResult {
  outcome: Outcome;
  /** The state whose pending emits go out after the commit (absent for replays). */
  state?: DispatchState;
  error?: EngageLoopError;
}

/** Names the documents and counters a dispatch needs, from every plugin's `prepare` hook. */
function prepare(input: DispatchInput): { docs: string[]; counters: string[] } {
  const docs = new Set([userKey(input.event.userId)]);
  const counters = new Set<string>();
  const policy = input.runtime.policy;
  for (const plugin of input.registry.plugins) {
    const fn = plugin.hooks?.prepare;
    if (!fn) continue;
    try {
      const named = fn({ event: input.event, policy, settings: policy.settings[plugin.name] });
      for (const key of named?.docs ?? []) docs.add(key);
      for (const key of named?.counters ?? []) counters.add(key);
    } catch (error) {
      throw toEngageLoopError(error, 'PLUGIN_ERROR', { plugin: plugin.name, hook: 'prepare' });
    }
  }
  return { docs: [...docs].sort(), counters: [...counters].sort() };
}

function baseOutcome(event: ValidatedEvent, status: Outcome['status']): Outcome {
  return {
    eventId: event.id,
    userId: event.userId,
    type: event.type,
    status,
    fired: [],
    effects: [],
    messages: [],
    timers: { scheduled: [], cancelled: [] },
    emitted: [],
  };
}

function outcomeOf(
  state: DispatchState,
  status: Outcome['status'],
  duplicates: ReadonlySet<string>,
): Outcome {
  const outcome = baseOutcome(state.event, status);
  outcome.fired = [...state.fired];
  outcome.effects = state.effects;
  outcome.messages = state.messages.map((m) => ({
    id: m.id,
    userId: m.userId,
    kind: m.kind,
    topic: m.topic,
    channel: m.channel,
    queued: !duplicates.has(m.dedupeKey),
  }));
  outcome.timers = { scheduled: [...state.scheduled.keys()], cancelled: [...state.cancelledTimers] };
  outcome.emitted = state.emits.filter((e) => e.domain).map((e) => String(e.name));
  return outcome;
}

/** Runs one event through the pipeline in one unit of work, and commits atomically. */
export async function runDispatch(input: DispatchInput): Promise<DispatchResult> {
  const { event, store, registry, runtime } = input;
  let keys: { docs: string[]; counters: string[] };
  let prepareError: EngageLoopError | undefined;
  try {
    keys = prepare(input);
  } catch (error) {
    prepareError = error as EngageLoopError;
    keys = { docs: [userKey(event.userId)], counters: [] };
  }
  return store.transact(keys.docs, async (tx) => {
    const recorded = await tx.recorded(event.id);
    if (recorded) {
      if (input.timer) {
        await tx.commit({
          docs: [],
          counters: [],
          messages: [],
          cancelMessages: [],
          timers: { schedule: [], cancel: [], complete: [input.timer] },
        });
      }
      return { outcome: { ...(recorded.outcome as Outcome), status: 'duplicate' } };
    }
    const docs = await tx.load(keys.docs);
    const counters = await tx.counters(keys.counters);
    const user = (docs.get(userKey(event.userId)) as UserState | undefined) ?? initialUserState(event.userId);
    const fresh = () => {
      const s = new DispatchState(
        registry,
        runtime,
        event,
        input.now,
        user,
        new Map(docs),
        new Map(counters),
        input.trace,
      );
      s.lockedDocs = new Set(keys.docs);
      return s;
    };
    const state = fresh();
    try {
      if (prepareError) throw prepareError;
      await runPipeline(state);
    } catch (thrown) {
      const error = isEngageLoopError(thrown)
        ? thrown
        : toEngageLoopError(thrown, 'PLUGIN_ERROR', { plugin: 'core', hook: 'evaluate' });
      return fail(input, fresh(), error, tx);
    }
    const outcome = outcomeOf(state, 'applied', new Set());
    const result = await tx.commit(
      state.toCommitWrite(
        { eventId: event.id, userId: event.userId, outcome, committedAt: input.now },
        input.timer,
      ),
    );
    const duplicates = new Set(result.duplicateMessages);
    const final = duplicates.size > 0 ? outcomeOf(state, 'applied', duplicates) : outcome;
    if (state.trace) final.trace = state.trace;
    return { outcome: final, state };
  });
}

/** The failure path: everything rolled back; plugins' `onFailure` may queue a fallback, and only that commits. */
async function fail(
  input: DispatchInput,
  state: DispatchState,
  error: EngageLoopError,
  tx: { commit: import('../store/types').StoreTransaction['commit'] },
): Promise<DispatchResult> {
  for (const plugin of input.registry.plugins) {
    const fn = plugin.hooks?.onFailure;
    if (!fn) continue;
    const ctx = createDispatchContext(state, plugin.name, effectApplier(state)) as FailureContext;
    Object.defineProperty(ctx, 'error', { value: error, enumerable: true });
    try {
      await fn(ctx);
    } catch (secondary) {
      state.note(plugin.name, 'onFailure hook failed', {
        error: toEngageLoopError(secondary, 'PLUGIN_ERROR', {
          plugin: plugin.name,
          hook: 'onFailure',
        }).toJSON(),
      });
    }
  }
  const result =
    state.messages.length > 0
      ? await tx.commit({
          docs: [],
          counters: [],
          messages: state.messages,
          cancelMessages: [],
          timers: { schedule: [], cancel: [], complete: [] },
        })
      : { duplicateMessages: [] };
  const outcome = outcomeOf(state, 'failed', new Set(result.duplicateMessages));
  outcome.effects = [];
  outcome.fired = [];
  outcome.timers = { scheduled: [], cancelled: [] };
  outcome.emitted = [];
  outcome.error = {
    code: error.code,
    message: error.message,
    ...(error.plugin ? { plugin: error.plugin } : {}),
    ...(error.hook ? { hook: error.hook } : {}),
    ...(error.ruleId ? { ruleId: error.ruleId } : {}),
  };
  // Only message notices survive a failure; everything else the pipeline intended is dropped.
  state.emits.splice(0, state.emits.length, ...state.emits.filter((e) => e.name === 'message:queued'));
  if (state.trace) outcome.trace = state.trace;
  return { outcome, state, error };
}
