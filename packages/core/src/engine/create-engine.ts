import { randomBytes } from 'node:crypto';
import { EngageLoopError, toEngageLoopError } from '../errors/error';
import { compiledEvaluator } from '../evaluator/compiled/compiled-evaluator';
import type { Evaluator } from '../evaluator/types';
import type { DispatchBatchInput, DispatchInput } from '../event/event-types';
import type { DrainReport, Outcome, TickReport } from '../event/outcome';
import { type Limits, resolveLimits } from '../limits/limits';
import { createRegistry, type Registry } from '../plugin/registry';
import type { JsonSchema, Plugin, UserState } from '../plugin/types';
import { loadPolicy, loadPolicyPath } from '../policy/load';
import { policySchema } from '../policy/schema';
import type { Policy, PolicyDocument } from '../policy/types';
import { type DrainOptions, drainOutbox, type MessageHandler } from '../store/drain';
import { entityKey, type PseudonymKey, userKey } from '../store/keys';
import { createMemoryStore } from '../store/memory-store';
import type { Store } from '../store/types';
import { type Clock, systemClock, toEpochMs } from '../time/clock';
import { DEFAULT_MAX_DERIVED_DEPTH } from './derive';
import { createBatchDispatcher, type DispatchBatchOptions } from './dispatch-batch';
import { createLoopEmitter, type LoopEmitter } from './emitter';
import { checkPseudonymKey, type ForgetReport, runForgetUser } from './forget-user';
import { type RetentionOptions, resolveRetention } from './retention';
import { createPolicyRuntime, type PolicyRuntime } from './runtime';
import { runTick, type TickOptions } from './tick';

/** What `createEngine` takes: the policy, the plugins, and where state, time and evaluation come from. */
export interface EngineOptions {
  /** Plugins to install (the built-in `core` plugin is always there). */
  plugins?: readonly Plugin[];
  /** A registry built once with `createRegistry(plugins)`, shared by many engines (instead of `plugins`). */
  registry?: Registry;
  /** A loaded policy, a policy document, or its JSON text. */
  policy: Policy | PolicyDocument | string;
  /** Defaults to a new memory store. */
  store?: Store;
  /** Defaults to the system clock; inject a manual clock for tests and simulations. */
  clock?: Clock;
  /** Defaults to json-rules-engine. */
  evaluator?: Evaluator;
  /** Build a trace for every dispatch (default false; per dispatch with `{ trace: true }`). */
  trace?: boolean;
  /** Privacy: how `forgetUser` pseudonymises what it keeps. */
  privacy?: {
    /**
     * The secret (≥ 16 bytes; 32 random bytes recommended, from your secret store) under which a forgotten
     * user's id becomes its pseudonym (`forgottenUserId`, an HMAC): the same on every instance given the same
     * key, and not recoverable by hashing guessed ids. Without it, each engine draws a random key: pseudonyms
     * are then unlinkable (anonymous), but two instances, or two erasures of the same id, give two different ones.
     */
    pseudonymKey?: PseudonymKey;
  };
  /**
   * Size limits on events and policies (payload bytes and depth, policy bytes, rules and depth), over
   * `DEFAULT_LIMITS`; a bad value throws `LIMITS_INVALID`.
   */
  limits?: Partial<Limits>;
  /**
   * Retention: how long a recorded outcome is kept in full (`outcomes`, default 7 days; `Infinity` keeps every
   * one; `0` writes records compacted) and how long a finished outbox message keeps its texts (`messages`,
   * default 7 days; `Infinity` keeps them). Each `tick` compacts older ones; a bad value throws
   * `RETENTION_INVALID`.
   */
  retention?: RetentionOptions;
  /** Derived events (`ctx.derive`). */
  derived?: {
    /**
     * The deepest chain of derived events that still runs (default 8): a derived event deeper than this fails
     * with `DERIVED_DEPTH_EXCEEDED` without running and leaves the queue. An integer from 1 to 64, else
     * `DISPATCH_OPTIONS_INVALID`.
     */
    maxDepth?: number;
  };
}

/** Options of one `engine.dispatch`. */
export interface DispatchOptions {
  /** Build the outcome's `trace` (every rule's condition values) for this dispatch; default: the engine's `trace`. */
  trace?: boolean;
}

/**
 * A running engageloop: dispatches events through the policy's rules, fires timers with `tick`, and hands
 * queued messages to the host with `drain`. Loop events (`on`, `once`, `off`) are emitted after each commit.
 * Build it with `createEngine`.
 */
export interface Engine extends LoopEmitter {
  readonly registry: Registry;
  readonly store: Store;
  readonly clock: Clock;
  /** The policy in force. */
  readonly policy: Policy;
  /**
   * Validates and runs one event (a batch of one, see `dispatchBatch`); a replayed event id changes nothing and
   * returns the recorded outcome. Rejects with bad input (`EVENT_*`, including `EVENT_ID_REUSED`) and with store
   * failures (`STORE_ERROR`…, also emitted as `error`); a plugin failure resolves to a `failed` outcome.
   * Once the app declares its event types (`EngageLoopEventTypes`), only known types compile, payloads typed.
   */
  dispatch(event: DispatchInput, options?: DispatchOptions): Promise<Outcome>;
  /**
   * Runs many events, in input order, in batches (default 500 events each): per batch one unit of work of the
   * store — every document the events name locked and read at once, each event run over what the earlier ones
   * left, one commit. Each event is exactly-once by its id as with `dispatch` (an id repeated in the batch is a
   * duplicate of the first), and a failing event — bad input, a plugin that throws, `EVENT_ID_REUSED` — is rolled
   * back alone and reported in its outcome (its fallback answer still commits). A store failure fails the events of
   * its batch (`failed`, nothing of them written; `error` emitted for each). Loop events are emitted after each
   * commit, in order. Resolves to one outcome per input event, in input order; rejects only with
   * `DISPATCH_OPTIONS_INVALID` or `ENGINE_CLOSED`.
   *
   * @example
   * const outcomes = await engine.dispatchBatch(events, { batchSize: 500 });
   * const failed = outcomes.filter((o) => o.status === 'failed');
   */
  dispatchBatch(events: DispatchBatchInput, options?: DispatchBatchOptions): Promise<Outcome[]>;
  /** Fires due timers (care triggers, SLA deadlines, grace periods) through the same pipeline as events. */
  tick(now?: Date | number | string, options?: TickOptions): Promise<TickReport>;
  /** Delivers queued messages through `handler`, with retries, backoff and a dead-letter list. */
  drain(handler: MessageHandler, options?: Omit<DrainOptions, 'clock' | 'now'>): Promise<DrainReport>;
  /** Replaces the policy in force, all-or-nothing: on any error the old policy stays and POLICY_INVALID is thrown. */
  replacePolicy(policy: Policy | PolicyDocument | string): Policy;
  /** Reads a policy file or folder and puts it in force, all-or-nothing, like `replacePolicy`. */
  replacePolicyPath(path: string): Promise<Policy>;
  /** The user's stored state (profile, attributes, counts, plugin slices), or undefined for a user never seen. */
  getUser(userId: string): Promise<UserState | undefined>;
  /**
   * An entity's stored state (`id` = the entity key, plugin slices per entity), or undefined for an entity no event
   * was ever about.
   *
   * @example
   * const group = await engine.getEntity('group:g1');
   */
  getEntity(entity: string): Promise<UserState | undefined>;
  /**
   * Erases a user on request (right to erasure): their document (profile, ledger, slices), timers and unsent
   * messages are deleted; what is kept for aggregate figures and exactly-once (sent and dead-lettered messages,
   * recorded outcomes, need items they voiced or supported) carries a keyed pseudonym instead of their id,
   * with every text they wrote erased. Plugins scrub their own shared documents through their `forgetUser`
   * hook. Idempotent: after a `STORE_ERROR`, call it again. Stop dispatching the user's events first; a new
   * event afterwards starts a fresh user.
   *
   * @example
   * const engine = createEngine({ policy, plugins, store, privacy: { pseudonymKey: process.env.PSEUDONYM_KEY } });
   * const { pseudonym } = await engine.forgetUser('alice@example.com');
   * auditLog.write({ erased: pseudonym, at: new Date() });
   */
  forgetUser(userId: string): Promise<ForgetReport>;
  /** The JSON Schema of rule files for this engine's plugins. */
  schema(): JsonSchema;
  /** Closes the engine and its store; a later `dispatch`, `tick`, `drain`, `forgetUser` or policy change fails with `ENGINE_CLOSED`. */
  close(): Promise<void>;
}

const isLoadedPolicy = (p: unknown): p is Policy =>
  typeof p === 'object' &&
  p !== null &&
  Object.hasOwn(p, 'hash') &&
  Object.hasOwn(p, 'document') &&
  Object.isFrozen(p);

/**
 * Creates an engine.
 *
 * @example
 * const engine = createEngine({ plugins: [incentives()], policy, clock: createManualClock('2026-01-01T00:00:00Z') });
 * const outcome = await engine.dispatch({ id: 'e1', type: 'review.submitted', userId: 'u1', at: '2026-01-01T09:00:00Z' });
 */
export function createEngine(options: EngineOptions): Engine {
  const registry = options.registry ?? createRegistry(options.plugins ?? []);
  const store = options.store ?? createMemoryStore();
  const clock = options.clock ?? systemClock;
  const evaluator = options.evaluator ?? compiledEvaluator();
  const pseudonymKey =
    options.privacy?.pseudonymKey === undefined
      ? randomBytes(32)
      : checkPseudonymKey(options.privacy.pseudonymKey);
  const emitter = createLoopEmitter();
  const limits = resolveLimits(options.limits);
  const retention = resolveRetention(options.retention);
  const toRuntime = (input: Policy | PolicyDocument | string): PolicyRuntime => {
    let policy: Policy;
    if (isLoadedPolicy(input)) {
      // Check the loaded policy against this engine's plugins; keep the original (it knows its files).
      loadPolicy(input.document as PolicyDocument, { registry, limits });
      policy = input;
    } else policy = loadPolicy(input, { registry, limits });
    return createPolicyRuntime(policy, registry, evaluator);
  };
  let runtime = toRuntime(options.policy);
  let closed = false;
  const guard = () => {
    if (closed) throw new EngageLoopError('ENGINE_CLOSED');
  };

  /** A store call outside a dispatch failed: typed (`STORE_ERROR` for anything untyped), emitted, thrown. */
  const storeFailed = (thrown: unknown): never => {
    const error = toEngageLoopError(thrown, 'STORE_ERROR');
    emitter.emit('error', { error });
    throw error;
  };

  const dispatcher = createBatchDispatcher({
    registry,
    store,
    clock,
    limits,
    emitter,
    runtime: () => runtime,
    trace: options.trace ?? false,
    maxDerivedDepth: maxDerivedDepth(options.derived?.maxDepth),
    keepOutcomes: retention.outcomes > 0,
  });

  const engine: Engine = {
    registry,
    store,
    clock,
    get policy() {
      return runtime.policy;
    },
    on: emitter.on,
    once: emitter.once,
    off: emitter.off,
    dispatch(input, dispatchOptions) {
      // not `async`: the batch's promise is returned as is (a closed engine still rejects, never throws)
      try {
        guard();
        return dispatcher.dispatch(input, dispatchOptions?.trace);
      } catch (error) {
        return Promise.reject(error);
      }
    },
    async dispatchBatch(events, batchOptions) {
      guard();
      return dispatcher.dispatchBatch(events, batchOptions);
    },
    async tick(now, tickOptions) {
      guard();
      const at = now === undefined ? clock.now() : toEpochMs(now);
      return runTick(
        {
          registry,
          store,
          runtime: () => runtime,
          now: at,
          options: tickOptions ?? {},
          trace: options.trace ?? false,
          retention,
          onError: (error, context) => emitter.emit('error', { error, ...context }),
        },
        dispatcher.dispatchTimers,
      );
    },
    async drain(handler, drainOptions) {
      guard();
      return drainOutbox(store, handler, { ...drainOptions, clock }).catch(storeFailed);
    },
    replacePolicy(input) {
      guard();
      runtime = toRuntime(input);
      return runtime.policy;
    },
    async replacePolicyPath(path) {
      guard();
      const policy = await loadPolicyPath(path, { registry, limits });
      runtime = createPolicyRuntime(policy, registry, evaluator);
      return policy;
    },
    async getUser(userId) {
      return (await store.getDocument(userKey(userId)).catch(storeFailed)) as UserState | undefined;
    },
    async getEntity(entity) {
      return (await store.getDocument(entityKey(entity)).catch(storeFailed)) as UserState | undefined;
    },
    async forgetUser(userId) {
      guard();
      return runForgetUser({ registry, store, policy: runtime.policy, userId, key: pseudonymKey }).catch(
        storeFailed,
      );
    },
    schema: () => policySchema(registry),
    async close() {
      if (closed) return;
      closed = true;
      await store.close();
    },
  };
  return engine;
}

/** Checks `derived.maxDepth` (default `DEFAULT_MAX_DERIVED_DEPTH`). */
function maxDerivedDepth(value: unknown): number {
  if (value === undefined) return DEFAULT_MAX_DERIVED_DEPTH;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 64)
    throw new EngageLoopError('DISPATCH_OPTIONS_INVALID', {
      message: `derived.maxDepth must be an integer from 1 to 64, not ${String(value)}.`,
    });
  return value;
}
