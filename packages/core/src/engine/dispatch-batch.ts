import { EngageLoopError, toEngageLoopError } from '../errors/error';
import type { Outcome } from '../event/outcome';
import type { ValidatedEvent } from '../event/types';
import { validateEvent } from '../event/validate';
import type { Limits } from '../limits/limits';
import type { Registry } from '../plugin/registry';
import { recordKeyOf } from '../store/keys';
import type { Store, TimerCompletion, TimerRecord } from '../store/types';
import { isThenable } from '../thenable';
import type { Clock } from '../time/clock';
import { type BatchInput, runBatch, slotOf } from './batch';
import type { BatchItem } from './batch-settle';
import { queuedEvent } from './derive';
import type { Slot } from './dispatch-types';
import type { EngineEmitter } from './emitter';
import { refusedOutcome } from './outcomes';
import type { PolicyRuntime } from './runtime';
import { completionOf } from './timer-generation';
import { createUserHashes } from './user-hashes';

/** Events per unit of work when `batchSize` is not given. */
export const DEFAULT_BATCH_SIZE = 500;

/** Options of `engine.dispatchBatch`. */
export interface DispatchBatchOptions {
  /** Events per unit of work (one store transaction, one commit): default 500. */
  batchSize?: number;
  /** Build a trace of every condition for each event (default: the engine's `trace`). */
  trace?: boolean;
  /**
   * The business time events run at (the `now` fact, a message's `createdAt` and default `notBefore`, the record's
   * `committedAt`): `'clock'` (default) reads the engine's clock once per batch; `'event'` runs each event at its
   * own `at`, for replaying recorded history (what `engageloop simulate` does).
   */
  now?: 'clock' | 'event';
  /**
   * Called with each outcome, in input order, right after that event's loop events were emitted (and before the
   * next event's): for streaming outcomes, or attributing loop events to the event that raised them. A promise it
   * returns is awaited before the next.
   */
  onOutcome?(outcome: Outcome, index: number): void | Promise<void>;
  /**
   * Called with the outcome of each derived event the batches dispatched (`ctx.derive`): `dispatchBatch` drains
   * the events its own batches derived — and those these derive, down to `derived.maxDepth` — before it returns.
   * Their outcomes are not in the returned array (which has one outcome per input, in input order). A promise it
   * returns is awaited before the next.
   */
  onDerived?(outcome: Outcome): void | Promise<void>;
}

/** The events `dispatchBatch` takes. */
export type EventBatch = readonly unknown[] | Iterable<unknown> | AsyncIterable<unknown>;

/** A fired timer, as `tick` hands it over. */
export interface FiredTimer {
  event: ValidatedEvent;
  timer: TimerCompletion;
}

export interface BatchDispatcherInput {
  registry: Registry;
  store: Store;
  clock: Clock;
  limits: Limits;
  emitter: EngineEmitter;
  /** The policy in force (read once per batch). */
  runtime(): PolicyRuntime;
  /** The engine's default for `trace`. */
  trace: boolean;
  /** The deepest chain of derived events that still runs. */
  maxDerivedDepth: number;
  /** See `RunContext.keepOutcomes`. */
  keepOutcomes: boolean;
}

export interface BatchDispatcher {
  /** One event: a batch of one. Rejects with bad input (`EVENT_*`) and store failures, as the outcome says. */
  dispatch(input: unknown, trace?: boolean): Promise<Outcome>;
  dispatchBatch(events: EventBatch, options?: DispatchBatchOptions): Promise<Outcome[]>;
  /**
   * Fired timers (and queued derived events), at the tick's `now`: one batch, reported like dispatches (loop
   * events, errors); then the events they derived are drained, their outcomes handed to `onDerived`.
   */
  dispatchTimers(
    fired: readonly FiredTimer[],
    now: number,
    trace: boolean,
    onDerived?: (outcome: Outcome) => void,
  ): Promise<BatchItem[]>;
}

const invalid = (message: string) => new EngageLoopError('DISPATCH_OPTIONS_INVALID', { message });

/** Checks the options; returns the batch size. */
function checkOptions(options: DispatchBatchOptions): number {
  const size = options.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isSafeInteger(size) || size < 1)
    throw invalid(`batchSize must be a positive integer, not ${String(size)}.`);
  if (options.now !== undefined && options.now !== 'clock' && options.now !== 'event')
    throw invalid(`now must be "clock" or "event", not ${JSON.stringify(options.now)}.`);
  if (options.onOutcome !== undefined && typeof options.onOutcome !== 'function')
    throw invalid('onOutcome must be a function.');
  if (options.onDerived !== undefined && typeof options.onDerived !== 'function')
    throw invalid('onDerived must be a function.');
  return size;
}

const isIterable = (value: unknown, key: symbol): boolean =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as Record<symbol, unknown>)[key] === 'function';

/** The events, `size` at a time (an iterable is read as the batches go). */
async function* chunks(events: EventBatch, size: number): AsyncGenerator<readonly unknown[]> {
  if (Array.isArray(events)) {
    for (let i = 0; i < events.length; i += size)
      yield events.length <= size ? events : events.slice(i, i + size);
    return;
  }
  let chunk: unknown[] = [];
  if (isIterable(events, Symbol.asyncIterator)) {
    for await (const event of events as AsyncIterable<unknown>) {
      chunk.push(event);
      if (chunk.length === size) {
        yield chunk;
        chunk = [];
      }
    }
  } else if (isIterable(events, Symbol.iterator)) {
    for (const event of events as Iterable<unknown>) {
      chunk.push(event);
      if (chunk.length === size) {
        yield chunk;
        chunk = [];
      }
    }
  } else throw invalid('The events must be an array or an (async) iterable of events.');
  if (chunk.length > 0) yield chunk;
}

/** An input that is not a valid event: refused before the batch runs. */
const refused = (input: unknown, thrown: unknown): BatchItem => {
  const error = toEngageLoopError(thrown, 'EVENT_INVALID');
  return { outcome: refusedOutcome(input, error), emits: [], errors: [], rejection: error };
};

/**
 * The engine's dispatch paths: `dispatch` (a batch of one), `dispatchBatch`, and the fired timers of `tick`.
 * Every path validates, runs a batch (`runBatch`), then reports it: each event's loop events, its `error` events
 * (not for bad input, which is the caller's to handle) and `dispatch:completed`, in input order.
 */
export function createBatchDispatcher(input: BatchDispatcherInput): BatchDispatcher {
  const { registry, store, clock, limits, emitter } = input;

  // The batch context, made again only when the policy or the trace flag changes.
  let cached: BatchInput | undefined;
  const hashOf = createUserHashes();
  // The memo is keyed by the event's subject key (`userKey` of its id: validated and queued events are made so).
  let subject = '';
  const subjectHash = (userId: string) => hashOf(userId, subject);
  const recordKey = (event: ValidatedEvent) => {
    subject = event.subject;
    return recordKeyOf(event, subjectHash);
  };
  const context = (trace: boolean): BatchInput => {
    const runtime = input.runtime();
    if (cached?.runtime !== runtime || cached.trace !== trace)
      cached = {
        registry,
        store,
        runtime,
        trace,
        observed: emitter.observed,
        maxDerivedDepth: input.maxDerivedDepth,
        recordKeyOf: recordKey,
        keepOutcomes: input.keepOutcomes,
      };
    return cached;
  };

  /** Validates the inputs and runs the valid ones as one batch; `done` gets one item per input, in order. */
  function runInputs<R>(
    inputs: readonly unknown[],
    now: 'clock' | 'event',
    trace: boolean,
    done: (items: BatchItem[]) => R,
  ): Promise<R> {
    const run = context(trace);
    const at = now === 'clock' ? clock.now() : undefined;
    const slots: Slot[] = [];
    let refusals: Array<[number, BatchItem]> | undefined;
    for (let i = 0; i < inputs.length; i++) {
      let event: ValidatedEvent;
      try {
        event = validateEvent(inputs[i], registry, limits);
      } catch (thrown) {
        refusals ??= [];
        refusals.push([i, refused(inputs[i], thrown)]);
        continue;
      }
      slots.push(slotOf(run, event, at ?? event.time));
    }
    if (!refusals) return runBatch(run, slots, done);
    // The refused inputs go back in their places among the batch's items.
    const refusedAt = refusals;
    const merge = (ran: BatchItem[]): R => {
      const items: BatchItem[] = [];
      let r = 0;
      let k = 0;
      for (let i = 0; i < inputs.length; i++) {
        const next = refusedAt[r];
        if (next && next[0] === i) {
          items.push(next[1]);
          r++;
        } else items.push(ran[k++] as BatchItem);
      }
      return done(items);
    };
    if (slots.length === 0) {
      try {
        return Promise.resolve(merge([]));
      } catch (error) {
        return Promise.reject(error);
      }
    }
    return runBatch(run, slots, merge);
  }

  /** Reports one event after its batch: loop events, errors, `dispatch:completed`. */
  function report(item: BatchItem): void {
    for (const pending of item.emits) emitter.emit(pending.name, pending.payload);
    const { eventId, userId, status } = item.outcome;
    for (const error of item.errors) {
      if (!error.code.startsWith('EVENT_')) emitter.emit('error', { error, eventId, userId });
    }
    if (!item.rejection && emitter.observed('dispatch:completed')) {
      emitter.emit('dispatch:completed', { eventId, userId, status });
    }
  }

  /** The derived events the items' commits queued, in order. */
  const derivedOf = (items: readonly BatchItem[]): TimerRecord[] => {
    const out: TimerRecord[] = [];
    for (const item of items) if (item.derived && !item.rejection) for (const d of item.derived) out.push(d);
    return out;
  };

  /**
   * Dispatches queued derived events (completing their queue entries in the same commit), `size` per batch, and
   * then what those derive, level by level, until nothing is left: depth grows by one per level and a derived
   * event past `maxDerivedDepth` fails without deriving, so it ends. A derived event that fails stays queued for
   * `tick`. Business time: the clock's, or each event's own (its cause's time) in `'event'` mode.
   */
  async function drain(
    pending: TimerRecord[],
    size: number,
    now: 'clock' | number | 'event',
    trace: boolean,
    onDerived?: (outcome: Outcome) => void | Promise<void>,
  ): Promise<void> {
    while (pending.length > 0) {
      const next: TimerRecord[] = [];
      for (let i = 0; i < pending.length; i += size) {
        const run = context(trace);
        const at = now === 'clock' ? clock.now() : now === 'event' ? undefined : now;
        const slots = pending
          .slice(i, i + size)
          .map((record) => slotOf(run, queuedEvent(record), at ?? record.dueAt, completionOf(record)));
        const items = await runBatch(run, slots, (done) => done);
        for (const item of items) {
          report(item);
          const handled = onDerived?.(item.outcome);
          if (isThenable(handled)) await handled;
        }
        for (const d of derivedOf(items)) next.push(d);
      }
      pending = next;
    }
  }

  return {
    dispatch(event, trace = input.trace) {
      // The promise of a promise settles as the inner one: resolved with the outcome once derived events ran.
      return runInputs([event], 'clock', trace, (items): Outcome | Promise<Outcome> => {
        const item = items[0] as BatchItem;
        report(item);
        if (item.rejection) throw item.rejection;
        if (!item.derived) return item.outcome;
        return drain(derivedOf(items), DEFAULT_BATCH_SIZE, 'clock', trace).then(() => item.outcome);
      }) as Promise<Outcome>;
    },

    async dispatchBatch(events, options = {}) {
      const size = checkOptions(options);
      const trace = options.trace ?? input.trace;
      const now = options.now ?? 'clock';
      const outcomes: Outcome[] = [];
      for await (const chunk of chunks(events, size)) {
        const items = await runInputs(chunk, now, trace, (done) => done);
        for (const item of items) {
          report(item);
          const index = outcomes.length;
          outcomes.push(item.outcome);
          const handled = options.onOutcome?.(item.outcome, index);
          if (isThenable(handled)) await handled;
        }
        const derived = derivedOf(items);
        if (derived.length > 0) await drain(derived, size, now, trace, options.onDerived);
      }
      return outcomes;
    },

    async dispatchTimers(fired, now, trace, onDerived) {
      const run = context(trace);
      const slots = fired.map(({ event, timer }) => slotOf(run, event, now, timer));
      const items = await runBatch(run, slots, (done) => done);
      for (const item of items) report(item);
      const derived = derivedOf(items);
      if (derived.length > 0) await drain(derived, Math.max(1, fired.length), now, trace, onDerived);
      return items;
    },
  };
}
