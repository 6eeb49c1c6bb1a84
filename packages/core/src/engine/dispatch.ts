import { EngageLoopError, isEngageLoopError, toEngageLoopError } from '../errors/error';
import { envelopeFingerprint } from '../event/fingerprint';
import type { LoopEvents } from '../event/loop-events';
import type { Outcome } from '../event/outcome';
import type { ValidatedEvent } from '../event/types';
import { initialUserState } from '../plugin/core-plugin';
import type { Registry } from '../plugin/registry';
import type { UserState } from '../plugin/types';
import { recordKey, userKey } from '../store/keys';
import type {
  CommitWrite,
  RecordedOutcome,
  Store,
  StoreTransaction,
  SyncStoreTransaction,
} from '../store/types';
import { isThenable } from '../thenable';
import { createFailureContext } from './contexts';
import { DispatchState } from './dispatch-state';
import { runPipeline } from './pipeline';
import { compactedReplay } from './retention';
import type { PolicyRuntime } from './runtime';

export interface DispatchInput {
  registry: Registry;
  runtime: PolicyRuntime;
  store: Store;
  event: ValidatedEvent;
  now: number;
  trace: boolean;
  /** Whether anyone listens to a loop event (payloads nobody observes are not built). */
  observed: (name: keyof LoopEvents) => boolean;
  /** Set when the event is a fired timer: completed in the same commit. */
  timer?: { id: string; dueAt: number };
}

export interface DispatchResult {
  outcome: Outcome;
  /** The state whose pending emits go out after the commit (absent for replays). */
  state?: DispatchState;
  error?: EngageLoopError;
}

interface Keys {
  /** The user's document key: one string per dispatch (its hash is computed once, for every lookup). */
  user: string;
  /** The key the outcome is recorded under (the event id scoped to its user and source). */
  record: string;
  /**
   * The fingerprint of the event's envelope, recorded with the outcome. Only events a host dispatches have
   * one: a fired timer's id is the engine's own and is never re-used for another envelope.
   */
  fingerprint: string | undefined;
  docs: string[];
  counters: string[];
}

const NO_COUNTERS: ReadonlyMap<string, number> = new Map();

/** Adds `more` to a sorted, duplicate-free key list. */
function addKeys(into: string[], more: readonly string[] | undefined): string[] {
  if (!more || more.length === 0) return into;
  return [...new Set([...into, ...more])].sort();
}

/** Names the documents and counters a dispatch needs, from every plugin's `prepare` hook. */
function prepare(input: DispatchInput, base: Keys): Keys {
  const { user } = base;
  let docs = [user];
  let counters: string[] = [];
  const policy = input.runtime.policy;
  for (const { plugin, fn } of input.registry.hooks.prepare) {
    try {
      const named = fn({ event: input.event, policy, settings: policy.settings[plugin.name] });
      docs = addKeys(docs, named?.docs);
      counters = addKeys(counters, named?.counters);
    } catch (error) {
      throw toEngageLoopError(error, 'PLUGIN_ERROR', { plugin: plugin.name, hook: 'prepare' });
    }
  }
  return { ...base, docs, counters };
}

const NOT_QUEUED: ReadonlySet<string> = new Set();

/** The outcome of a state, built once; `duplicates` are the dedupe keys the store did not enqueue. */
function outcomeOf(
  state: DispatchState,
  status: Outcome['status'],
  duplicates: ReadonlySet<string>,
): Outcome {
  const emitted: string[] = [];
  for (const e of state.emits) if (e.domain) emitted.push(String(e.name));
  return {
    eventId: state.event.id,
    userId: state.event.userId,
    type: state.event.type,
    source: state.event.source,
    status,
    fired: state.fired,
    effects: state.effects,
    messages: state.messages.map((m) => ({
      id: m.id,
      userId: m.userId,
      kind: m.kind,
      topic: m.topic,
      channel: m.channel,
      queued: !duplicates.has(m.dedupeKey),
    })),
    timers: state.timerIds(),
    emitted,
  };
}

/** `then(value, next)`: `next(value)` at once, or after the promise settles (one promise only when needed). */
function then<T, R>(value: T | PromiseLike<T>, next: (value: T) => R | Promise<R>): R | Promise<R> {
  return isThenable(value) ? Promise.resolve(value).then(next) : next(value as T);
}

/**
 * Runs one event through the pipeline in one unit of work, and commits atomically. A store whose
 * transaction offers `sync` is read and committed synchronously: with synchronous plugins the whole
 * dispatch then costs the store's one `transact` promise. What the store throws rejects as it is: the engine
 * types it (`STORE_ERROR` unless it is an `EngageLoopError` already) and emits it.
 */
export function runDispatch(input: DispatchInput): Promise<DispatchResult> {
  const { event, store } = input;
  const user = userKey(event.userId);
  const base: Keys = {
    user,
    record: recordKey(event.source, event.userId, event.id),
    fingerprint: event.source === 'event' ? envelopeFingerprint(event) : undefined,
    docs: [user],
    counters: [],
  };
  let keys: Keys;
  let prepareError: EngageLoopError | undefined;
  try {
    keys = prepare(input, base);
  } catch (error) {
    prepareError = error as EngageLoopError;
    keys = base;
  }
  return store.transact(keys.docs, (tx) => {
    const io = storeCalls(tx);
    return then(io.recorded(keys.record), (recorded) => {
      if (recorded) return replay(input, keys, recorded, io);
      return then(io.load(keys.docs), (docs) => {
        const counters = keys.counters.length === 0 ? NO_COUNTERS : io.counters(keys.counters);
        return then(counters, (loaded) => run(input, keys, docs, loaded, prepareError, tx));
      });
    });
  });
}

/** The transaction's synchronous face when it has one (same methods, answers at once), else the transaction. */
const storeCalls = (tx: StoreTransaction): StoreTransaction | SyncStoreTransaction => tx.sync ?? tx;

/**
 * An event committed before: its recorded outcome, as a duplicate (a fired timer is completed). An event
 * whose id its user already used for another envelope is refused (`EVENT_ID_REUSED`), and the error says
 * nothing of what was recorded.
 */
function replay(
  input: DispatchInput,
  keys: Keys,
  recorded: RecordedOutcome,
  io: StoreTransaction | SyncStoreTransaction,
) {
  const { event } = input;
  if (
    keys.fingerprint !== undefined &&
    recorded.fingerprint !== undefined &&
    recorded.fingerprint !== keys.fingerprint
  ) {
    throw new EngageLoopError('EVENT_ID_REUSED', { data: { eventId: event.id } });
  }
  const outcome: Outcome =
    recorded.outcome === null
      ? compactedReplay(event, recorded)
      : { ...(recorded.outcome as Outcome), source: event.source, status: 'duplicate' };
  const result: DispatchResult = { outcome };
  if (!input.timer) return result;
  const write: CommitWrite = {
    docs: [],
    counters: [],
    messages: [],
    cancelMessages: [],
    timers: { schedule: [], cancel: [], complete: [input.timer] },
  };
  return then(io.commit(write), () => result);
}

/** What a dispatch loaded: the documents, the counters and the user's state. */
interface Loaded {
  keys: Keys;
  docs: ReadonlyMap<string, unknown>;
  counters: ReadonlyMap<string, number>;
  user: UserState;
}

function stateOf(input: DispatchInput, loaded: Loaded): DispatchState {
  return new DispatchState(
    input.registry,
    input.runtime,
    input.event,
    input.now,
    loaded.user,
    loaded.keys.user,
    loaded.keys.record,
    loaded.docs,
    loaded.counters,
    input.trace,
    loaded.keys.docs,
    input.observed,
  );
}

/** The pipeline over the loaded state, then the commit, or the failure path. */
function run(
  input: DispatchInput,
  keys: Keys,
  docs: ReadonlyMap<string, unknown>,
  counters: ReadonlyMap<string, number>,
  prepareError: EngageLoopError | undefined,
  tx: StoreTransaction,
): DispatchResult | Promise<DispatchResult> {
  const { event } = input;
  const user = (docs.get(keys.user) as UserState | undefined) ?? initialUserState(event.userId);
  const loaded: Loaded = { keys, docs, counters, user };
  const state = stateOf(input, loaded);
  let running: void | Promise<void>;
  try {
    if (prepareError) throw prepareError;
    running = runPipeline(state);
  } catch (thrown) {
    return failed(input, loaded, thrown, tx);
  }
  if (running) {
    return running.then(
      () => finish(input, keys, state, tx),
      (thrown: unknown) => failed(input, loaded, thrown, tx),
    );
  }
  return finish(input, keys, state, tx);
}

/** Everything the pipeline did is dropped: the failure path starts again from what was loaded. */
function failed(input: DispatchInput, loaded: Loaded, thrown: unknown, tx: StoreTransaction) {
  const error = isEngageLoopError(thrown)
    ? thrown
    : toEngageLoopError(thrown, 'PLUGIN_ERROR', { plugin: 'core', hook: 'evaluate' });
  const failing = stateOf(input, loaded);
  failing.failurePath = true;
  return fail(input, failing, error, tx);
}

/** Commits what the pipeline intended, with the recorded outcome; the caller's outcome says what was queued. */
function finish(
  input: DispatchInput,
  keys: Keys,
  state: DispatchState,
  tx: StoreTransaction,
): DispatchResult | Promise<DispatchResult> {
  // The recorded outcome is handed to the store (which may freeze it): nothing changes it afterwards.
  const outcome = outcomeOf(state, 'applied', NOT_QUEUED);
  const write = state.toCommitWrite(
    {
      key: keys.record,
      userId: state.event.userId,
      ...(keys.fingerprint === undefined ? {} : { fingerprint: keys.fingerprint }),
      outcome,
      committedAt: input.now,
    },
    input.timer,
  );
  return then(storeCalls(tx).commit(write), (result) => {
    let final =
      result.duplicateMessages.length > 0
        ? outcomeOf(state, 'applied', new Set(result.duplicateMessages))
        : outcome;
    if (state.trace) final = { ...final, trace: state.trace };
    return { outcome: final, state };
  });
}

/** The failure path: everything rolled back; plugins' `onFailure` may queue a fallback, and only that commits. */
async function fail(
  input: DispatchInput,
  state: DispatchState,
  error: EngageLoopError,
  tx: StoreTransaction,
): Promise<DispatchResult> {
  for (const { plugin, fn } of input.registry.hooks.onFailure) {
    try {
      await fn(createFailureContext(state, plugin, error));
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
    state.messages.length > 0 ? await commitFallback(state, error, tx) : { duplicateMessages: [] };
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

/**
 * Commits the fallback messages of a failed dispatch. When that commit fails too, both failures are kept: the
 * store's error is thrown with the dispatch's own error in `errors` (the engine emits `error` for each).
 */
async function commitFallback(state: DispatchState, error: EngageLoopError, tx: StoreTransaction) {
  try {
    return await tx.commit({
      docs: [],
      counters: [],
      messages: state.messages,
      cancelMessages: [],
      timers: { schedule: [], cancel: [], complete: [] },
    });
  } catch (thrown) {
    const storeError = toEngageLoopError(thrown, 'STORE_ERROR');
    throw new EngageLoopError(storeError.code, {
      message: `${storeError.message} (while committing the fallback of a failed dispatch: ${error.code})`,
      cause: thrown,
      errors: [error],
      data: { eventId: state.event.id },
    });
  }
}
