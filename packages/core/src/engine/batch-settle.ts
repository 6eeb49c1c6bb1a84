/** How a batch's events are settled after its commit: each one's `BatchItem` (outcome, loop events, errors). */
import { EngageLoopError } from '../errors/error';
import type { Outcome } from '../event/outcome';
import { OutcomeDraft } from '../event/outcome-draft';
import type { CommitResult, TimerRecord } from '../store/types';
import type { BatchState } from './batch-state';
import type { Ran } from './dispatch';
import type { DispatchState } from './dispatch-state';
import type { PendingEmit, Slot } from './dispatch-types';
import { appliedOutcome, failedOutcome } from './outcomes';

/** What one event of a batch came to, ready to be reported after the commit. */
export interface BatchItem {
  outcome: Outcome;
  /** Loop events to emit, in order. */
  emits: readonly PendingEmit[];
  /** Errors to emit as `error` events, in order (a plugin failure; a store failure after what it carries). */
  errors: readonly EngageLoopError[];
  /** The derived events this event's commit queued (to be dispatched next: `dispatchBatch` drains them). */
  derived?: readonly TimerRecord[];
  /**
   * Set on a derived event deeper than the limit: it failed without running and its queue entry was removed in the
   * commit (it is not retried).
   */
  consumed?: true;
  /**
   * Set when the event did not run or its batch did not commit: bad input (`EVENT_*`, the caller's to handle,
   * never emitted) or a store failure. `dispatch` rejects with it; the outcome reports it as `failed`.
   */
  rejection?: EngageLoopError;
}

const NO_EMITS: readonly PendingEmit[] = [];
const NO_ERRORS: readonly EngageLoopError[] = [];

/** After the commit: every event's item, with the messages the store did not enqueue marked. */
export function settleAll(
  batch: BatchState,
  slots: readonly Slot[],
  from: number,
  end: number,
  ran: ReadonlyArray<Ran | undefined>,
  result: CommitResult,
  items: BatchItem[],
): void {
  const stored = result.duplicateMessages.length === 0 ? undefined : new Set(result.duplicateMessages);
  for (let i = from; i < end; i++) {
    items[i] = settle(batch, slots[i] as Slot, ran[i - from] as Ran, stored);
  }
}

/** The dedupe keys of `state`'s messages not enqueued: duplicates in the batch, and those the store refused. */
function duplicatesOf(
  batch: BatchState,
  state: DispatchState,
  inBatch: ReadonlySet<string>,
  stored: ReadonlySet<string> | undefined,
): ReadonlySet<string> {
  if (stored === undefined) return inBatch;
  let out: Set<string> | undefined;
  for (const m of state.messages) {
    if (stored.has(m.dedupeKey) && batch.queuedBy(m.dedupeKey) === state) {
      out ??= new Set(inBatch);
      out.add(m.dedupeKey);
    }
  }
  return out ?? inBatch;
}

/**
 * The item of an event that committed (applied, or a duplicate), made by `new`: an object literal has an
 * allocation site, which V8 may pretenure (old generation) after a long `dispatchBatch` held every item's outcome;
 * an item in the old generation then holds its young outcome through every young-generation collection until the
 * next full one, so each outcome after it was promoted however soon the caller dropped it (`PlainOutcome`).
 */
class SettledItem implements BatchItem {
  constructor(
    readonly outcome: Outcome,
    readonly emits: readonly PendingEmit[],
    readonly errors: readonly EngageLoopError[],
    readonly derived: readonly TimerRecord[] | undefined,
  ) {}
}

function settle(batch: BatchState, slot: Slot, ran: Ran, stored: ReadonlySet<string> | undefined): BatchItem {
  if (ran instanceof OutcomeDraft) return new SettledItem(ran.handOver(), NO_EMITS, NO_ERRORS, undefined);
  switch (ran.kind) {
    case 'duplicate':
      return new SettledItem(ran.outcome, NO_EMITS, NO_ERRORS, undefined);
    case 'refused':
      return {
        outcome: failedOutcome(slot.event, ran.error),
        emits: NO_EMITS,
        errors: NO_ERRORS,
        rejection: ran.error,
      };
    case 'consumed':
      return {
        outcome: failedOutcome(slot.event, ran.error),
        emits: NO_EMITS,
        errors: [ran.error],
        consumed: true,
      };
    case 'applied': {
      const { queued } = ran;
      const duplicates = queued ? duplicatesOf(batch, queued, ran.duplicates, stored) : ran.duplicates;
      let outcome =
        queued && duplicates.size > 0 ? appliedOutcome(queued, duplicates) : ran.recorded.handOver();
      if (ran.trace) outcome = { ...outcome, trace: ran.trace };
      return new SettledItem(outcome, ran.emits, NO_ERRORS, ran.derived.length > 0 ? ran.derived : undefined);
    }
    case 'failed': {
      const { state, error } = ran;
      const outcome = failedOutcome(
        slot.event,
        error,
        state,
        duplicatesOf(batch, state, ran.duplicates, stored),
      );
      if (state.trace) outcome.trace = state.trace;
      // Only message notices survive a failure; everything else the pipeline intended is dropped.
      const emits = state.emits.filter((e) => e.name === 'message:queued');
      return { outcome, emits, errors: [error] };
    }
  }
}

/**
 * An event whose unit of work failed: nothing of it was written. An event that had failed itself keeps both
 * errors: the store's carries the event's own in `errors` (and both are emitted).
 */
export function storeFailed(
  slot: Slot,
  ran: Ran | undefined,
  error: EngageLoopError,
  thrown: unknown,
): BatchItem {
  if (ran !== undefined && !(ran instanceof OutcomeDraft) && ran.kind === 'failed') {
    const both = new EngageLoopError(error.code, {
      message: `${error.message} (while committing the fallback of a failed dispatch: ${ran.error.code})`,
      cause: thrown,
      errors: [ran.error],
      data: { eventId: slot.event.id },
    });
    return {
      outcome: failedOutcome(slot.event, both),
      emits: NO_EMITS,
      errors: [ran.error, both],
      rejection: both,
    };
  }
  return {
    outcome: failedOutcome(slot.event, error),
    emits: NO_EMITS,
    errors: [...error.errors, error],
    rejection: error,
  };
}
