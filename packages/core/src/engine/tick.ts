import { type EngageLoopError, toEngageLoopError } from '../errors/error';
import type { Outcome, TickHookFailure, TickReport, TimerFailure } from '../event/outcome';
import type { ValidatedEvent } from '../event/types';
import type { Registry } from '../plugin/registry';
import type { Store, TimerRecord } from '../store/types';
import type { BatchItem } from './batch-settle';
import { queuedEvent } from './derive';
import type { FiredTimer } from './dispatch-batch';
import { hookSeq } from './plugin-driver';
import { compactExpired, type RetentionWindows } from './retention';
import type { PolicyRuntime } from './runtime';
import { completionOf } from './timer-generation';

/** How a timer whose dispatch failed is retried: `baseMs × 2^(attempts − 1)`, at most `maxMs`. */
export interface TimerRetryOptions {
  /** Wait before the second firing (default 60 s). */
  baseMs?: number;
  /** The longest wait (default 1 h). */
  maxMs?: number;
  /** From this many failed firings on, a failure is reported `exhausted` (default 10); the timer stays. */
  maxAttempts?: number;
}

export interface TickOptions {
  /** At most this many timers fire in one tick (default 10,000). */
  limit?: number;
  /** Timers claimed per round trip to the store (default 100). */
  batchSize?: number;
  /** How long a claimed timer stays reserved for this worker (default 60 s). */
  leaseMs?: number;
  worker?: string;
  /** Backoff of timers whose dispatch failed. */
  retry?: TimerRetryOptions;
}

/** Runs fired timers as one batch and reports them (see `BatchDispatcher.dispatchTimers`); never rejects. */
type DispatchTimers = (
  fired: readonly FiredTimer[],
  now: number,
  trace: boolean,
  onDerived?: (outcome: Outcome) => void,
) => Promise<BatchItem[]>;

/**
 * The event a fired timer becomes (`source: 'timer'`; `source: 'derived'` for a queued derived event): see
 * `queuedEvent`.
 */
export const timerEvent = (timer: TimerRecord): ValidatedEvent => queuedEvent(timer);

/** The wait before the next firing after `attempts` failed ones. */
export function retryDelay(attempts: number, retry: TimerRetryOptions = {}): number {
  const base = retry.baseMs ?? 60_000;
  const max = retry.maxMs ?? 3_600_000;
  return Math.min(max, base * 2 ** Math.min(Math.max(0, attempts - 1), 52));
}

export interface TickInput {
  registry: Registry;
  store: Store;
  runtime: () => PolicyRuntime;
  now: number;
  options: TickOptions;
  trace: boolean;
  /** How long recorded outcomes and finished messages are kept in full (ms, see `RetentionOptions`); the tick compacts older ones. */
  retention: RetentionWindows;
  /** Reports a failure the tick survives (an `onTick` hook, a timer that could not be given back). */
  onError: (error: EngageLoopError, context?: { userId?: string; eventId?: string }) => void;
}

/**
 * Runs the `onTick` hooks (a throwing hook is reported, the others and the timers still run), then fires
 * due timers in claimed batches, each batch dispatched as one (`dispatchBatch`'s unit of work). Every claimed
 * timer is processed: one whose dispatch fails (a `failed` outcome, or a store failure of its batch) is given
 * back with a backoff and listed in `failures`.
 */
export async function runTick(input: TickInput, dispatchTimers: DispatchTimers): Promise<TickReport> {
  const { store, now, options } = input;
  const hookFailures = await runTickHooks(input);
  const limit = options.limit ?? 10_000;
  const batchSize = options.batchSize ?? 100;
  const leaseMs = options.leaseMs ?? 60_000;
  const outcomes: Outcome[] = [];
  const derived: Outcome[] = [];
  const failures: TimerFailure[] = [];
  let fired = 0;
  while (fired < limit) {
    let claimed: TimerRecord[];
    try {
      claimed = await store.claimTimers({
        now,
        limit: Math.min(batchSize, limit - fired),
        leaseMs,
        worker: options.worker ?? 'engine',
      });
    } catch (thrown) {
      const error = toEngageLoopError(thrown, 'STORE_ERROR');
      input.onError(error);
      throw error;
    }
    fired += claimed.length;
    const items =
      claimed.length === 0
        ? []
        : await dispatchTimers(
            claimed.map((timer) => ({
              event: timerEvent(timer),
              timer: completionOf(timer),
            })),
            now,
            input.trace,
            (outcome) => derived.push(outcome),
          );
    for (let i = 0; i < claimed.length; i++) {
      const item = items[i] as BatchItem;
      if (!item.rejection) outcomes.push(item.outcome);
      const error = item.rejection ?? item.outcome.error;
      // A derived event past the depth limit left the queue in its commit: nothing to give back.
      if (error && !item.consumed)
        failures.push(await release(input, claimed[i] as TimerRecord, error, leaseMs));
    }
    if (claimed.length < batchSize) break;
  }
  const compacted = await compactExpired(input);
  return {
    now,
    fired,
    outcomes,
    derived,
    failures,
    hookFailures,
    compactedRecords: compacted.records,
    compactedMessages: compacted.messages,
  };
}

async function runTickHooks(input: TickInput): Promise<TickHookFailure[]> {
  const { registry, now } = input;
  const policy = input.runtime().policy;
  const failures: TickHookFailure[] = [];
  await hookSeq(
    registry.hooks.onTick,
    'onTick',
    ({ plugin, fn }) => fn({ now, policy, settings: policy.settings[plugin.name] }),
    undefined,
    (error, { plugin }) => {
      input.onError(error);
      failures.push({ plugin: plugin.name, code: error.code, message: error.message });
    },
  );
  return failures;
}

/**
 * Gives a timer whose dispatch failed back to the store with its backoff. When the store cannot take it
 * back, the lease runs out instead: it fires again after `leaseMs`.
 */
async function release(
  input: TickInput,
  timer: TimerRecord,
  error: { code: string; message: string },
  leaseMs: number,
): Promise<TimerFailure> {
  const { now, options } = input;
  const attempts = (timer.attempts ?? 0) + 1;
  let nextAttemptAt = now + retryDelay(attempts, options.retry);
  try {
    await input.store.releaseTimer({ ...completionOf(timer), attempts, retryAt: nextAttemptAt, now });
  } catch (thrown) {
    input.onError(toEngageLoopError(thrown, 'STORE_ERROR'), { userId: timer.userId });
    nextAttemptAt = now + leaseMs;
  }
  return {
    timerId: timer.id,
    dueAt: timer.dueAt,
    code: error.code,
    message: error.message,
    attempts,
    nextAttemptAt,
    exhausted: attempts >= (options.retry?.maxAttempts ?? 10),
  };
}
