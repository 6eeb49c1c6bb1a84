import { randomBytes } from 'node:crypto';
import { EngageLoopError, toEngageLoopError } from '../errors/error';
import { compiledEvaluator } from '../evaluator/compiled/compiled-evaluator';
import type { Evaluator } from '../evaluator/types';
import type { DispatchInput } from '../event/event-types';
import { validateEvent } from '../event/validate';
import { type Limits, resolveLimits } from '../limits/limits';
import { createRegistry, type Registry } from '../plugin/registry';
import type { JsonSchema, Plugin, UserState } from '../plugin/types';
import { loadPolicy, loadPolicyPath } from '../policy/load';
import { policySchema } from '../policy/schema';
import type { Policy, PolicyDocument } from '../policy/types';
import { type DrainOptions, drainOutbox, type MessageHandler } from '../store/drain';
import { type PseudonymKey, userKey } from '../store/keys';
import { createMemoryStore } from '../store/memory-store';
import type { Store } from '../store/types';
import { type Clock, systemClock, toEpochMs } from '../time/clock';
import { runDispatch } from './dispatch';
import { createLoopEmitter, type LoopEmitter } from './emitter';
import { checkPseudonymKey, type ForgetReport, runForgetUser } from './forget-user';
import type { DrainReport, Outcome, TickReport } from './outcome';
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
   * Validates and runs one event; a replayed event id changes nothing and returns the recorded outcome.
   * Once the app declares its event types (`EngageLoopEventTypes`), only known types compile, payloads typed.
   */
  dispatch(event: DispatchInput, options?: DispatchOptions): Promise<Outcome>;
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

  /**
   * A dispatch that threw: the error is an `EngageLoopError` (`STORE_ERROR` for anything untyped). Bad input
   * (`EVENT_*`) is the caller's to handle, as a validation error is; any other failure also emits `error`,
   * after the errors it carries (a plugin failure whose fallback commit failed as well).
   */
  function reportFailure(thrown: unknown, event: { id: string; userId: string }): EngageLoopError {
    const error = toEngageLoopError(thrown, 'STORE_ERROR');
    if (error.code.startsWith('EVENT_')) return error;
    const context = { eventId: event.id, userId: event.userId };
    for (const inner of error.errors) emitter.emit('error', { error: inner, ...context });
    emitter.emit('error', { error, ...context });
    return error;
  }

  /** A store call outside a dispatch failed: typed (`STORE_ERROR` for anything untyped), emitted, thrown. */
  const storeFailed = (thrown: unknown): never => {
    const error = toEngageLoopError(thrown, 'STORE_ERROR');
    emitter.emit('error', { error });
    throw error;
  };

  async function dispatchValidated(
    event: ReturnType<typeof validateEvent>,
    now: number,
    trace: boolean,
    timer?: { id: string; dueAt: number },
  ) {
    const { observed } = emitter;
    let result: Awaited<ReturnType<typeof runDispatch>>;
    try {
      result = await runDispatch({ registry, runtime, store, event, now, trace, observed, timer });
    } catch (thrown) {
      throw reportFailure(thrown, event);
    }
    const emits = result.state?.emits;
    if (emits) for (const pending of emits) emitter.emit(pending.name, pending.payload);
    if (result.error) emitter.emit('error', { error: result.error, eventId: event.id, userId: event.userId });
    if (observed('dispatch:completed')) {
      emitter.emit('dispatch:completed', {
        eventId: event.id,
        userId: event.userId,
        status: result.outcome.status,
      });
    }
    return result.outcome;
  }

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
      // not `async`: the pipeline's promise is returned as is (bad input still rejects, never throws)
      try {
        guard();
        const event = validateEvent(input, registry, limits);
        return dispatchValidated(event, clock.now(), dispatchOptions?.trace ?? options.trace ?? false);
      } catch (error) {
        return Promise.reject(error);
      }
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
          onError: (error, context) => emitter.emit('error', { error, ...context }),
        },
        dispatchValidated,
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
