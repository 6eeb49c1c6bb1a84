import { toEngageLoopError } from '../errors/error';
import type { ValidatedEvent } from '../event/types';
import type { Registry } from '../plugin/registry';
import type { Store, TimerRecord } from '../store/types';
import type { Outcome, TickReport } from './outcome';
import type { PolicyRuntime } from './runtime';

export interface TickOptions {
  /** At most this many timers fire in one tick (default 10,000). */
  limit?: number;
  /** Timers claimed per round trip to the store (default 100). */
  batchSize?: number;
  /** How long a claimed timer stays reserved for this worker (default 60 s). */
  leaseMs?: number;
  worker?: string;
}

type DispatchFn = (
  event: ValidatedEvent,
  now: number,
  trace: boolean,
  timer: { id: string; dueAt: number },
) => Promise<Outcome>;

/** The event a fired timer becomes: its id is stable per (timer, due time), so a re-fire is a replay. */
export function timerEvent(timer: TimerRecord): ValidatedEvent {
  return {
    id: `timer:${timer.id}@${timer.dueAt}`,
    type: timer.type,
    userId: timer.userId,
    at: new Date(timer.dueAt).toISOString(),
    time: timer.dueAt,
    payload: { ...timer.payload, timerId: timer.id },
  };
}

export async function runTick(
  input: {
    registry: Registry;
    store: Store;
    runtime: () => PolicyRuntime;
    now: number;
    options: TickOptions;
    trace: boolean;
  },
  dispatch: DispatchFn,
): Promise<TickReport> {
  const { registry, store, now, options } = input;
  const policy = input.runtime().policy;
  for (const { plugin, fn } of registry.hooks.onTick) {
    try {
      await fn({ now, policy, settings: policy.settings[plugin.name] });
    } catch (error) {
      throw toEngageLoopError(error, 'PLUGIN_ERROR', { plugin: plugin.name, hook: 'onTick' });
    }
  }
  const limit = options.limit ?? 10_000;
  const batchSize = options.batchSize ?? 100;
  const outcomes: Outcome[] = [];
  while (outcomes.length < limit) {
    const claimed = await store.claimTimers({
      now,
      limit: Math.min(batchSize, limit - outcomes.length),
      leaseMs: options.leaseMs ?? 60_000,
      worker: options.worker ?? 'engine',
    });
    for (const timer of claimed) {
      outcomes.push(
        await dispatch(timerEvent(timer), now, input.trace, { id: timer.id, dueAt: timer.dueAt }),
      );
    }
    if (claimed.length < batchSize) break;
  }
  return { now, fired: outcomes.length, outcomes };
}
