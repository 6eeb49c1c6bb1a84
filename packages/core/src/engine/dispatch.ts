import { EngageLoopError, isEngageLoopError } from '../errors/error';
import { localized } from '../errors/localized';
import type { DispatchTrace, Outcome } from '../event/outcome';
import type { OutcomeDraft } from '../event/outcome-draft';
import { plainMaker } from '../event/plain-maker';
import { initialUserState } from '../plugin/core-plugin';
import type { UserState } from '../plugin/types';
import type { RecordedOutcome, TimerRecord } from '../store/types';
import type { BatchState } from './batch-state';
import { createFailureContext } from './contexts';
import { DispatchState, FailureState } from './dispatch-state';
import type { PendingEmit, RunContext, Slot } from './dispatch-types';
import { duplicateOutcome, exactList, outcomeDraft } from './outcomes';
import { runPipeline } from './pipeline';
import { hookSeq, pluginError } from './plugin-driver';

/** The batch must end before this event (see `BatchState.cancelsQueued`): it runs first in the next one. */
export const CUT = Symbol('cut');

/**
 * How one event of a batch ran, before the commit. An applied event with nothing else to report (no duplicate
 * message, loop event, derived event, trace or queued message: most of them) is its recorded draft alone, with
 * no object around it (a batch keeps its events until the commit).
 */
export type Ran =
  | OutcomeDraft
  /** Committed before (by the store or earlier in this batch): its recorded outcome. */
  | { kind: 'duplicate'; outcome: Outcome }
  /** Its id was committed before for another envelope: refused, nothing ran. */
  | { kind: 'refused'; error: EngageLoopError }
  /** A derived event past the depth limit: failed without running, its queue entry removed. */
  | { kind: 'consumed'; error: EngageLoopError }
  /**
   * Ran to the end: added to the batch; `recorded` is the outcome recorded with it. What reporting it needs is
   * kept, not the state (a batch holds its events until the commit): the state only when it queued messages
   * (`queued`), as which of them the store refused is known after the commit.
   */
  | {
      kind: 'applied';
      /** The outcome recorded, as a draft: `recorded.outcome()` is what the caller gets. */
      recorded: OutcomeDraft;
      duplicates: ReadonlySet<string>;
      emits: readonly PendingEmit[];
      derived: readonly TimerRecord[];
      trace: DispatchTrace | undefined;
      queued: DispatchState | undefined;
    }
  /** Rolled back: only the failure path's fallback messages were added to the batch. */
  | { kind: 'failed'; state: FailureState; error: EngageLoopError; duplicates: ReadonlySet<string> };

/**
 * Runs one event of a batch over what the batch has so far (`batch`), and adds what it did to the batch: its
 * recorded outcome (a replay), the pipeline's intents (applied), or the failure path's fallback (failed).
 * `stored` is the record the store holds under the event's key. Synchronous unless a hook or a fact handed the
 * pipeline a promise.
 */
export function runSlot(
  run: RunContext,
  batch: BatchState,
  slot: Slot,
  stored: RecordedOutcome | undefined,
): Ran | typeof CUT | Promise<Ran | typeof CUT> {
  batch.beginEvent();
  const recorded = batch.recorded(slot) ?? stored;
  if (recorded) return replay(batch, slot, recorded);
  if (slot.depthError) {
    if (slot.timer) batch.completeTimer(slot.timer);
    return { kind: 'consumed', error: slot.depthError };
  }
  const user = (batch.userDoc(slot.userKey) as UserState | undefined) ?? initialUserState(slot.event.userId);
  if (slot.prepareError) return fail(run, batch, slot, user, slot.prepareError);
  const state = new DispatchState(run, slot, batch, user, batch.buffers, batch.userOwned);
  let running: void | Promise<void>;
  try {
    running = runPipeline(state);
  } catch (thrown) {
    return fail(run, batch, slot, user, thrown);
  }
  if (running) return appliedLater(running, run, batch, slot, user, state);
  return applied(batch, state);
}

/** `runSlot` once its pipeline handed back a promise (a function of its own: no context per synchronous call). */
function appliedLater(
  running: Promise<void>,
  run: RunContext,
  batch: BatchState,
  slot: Slot,
  user: UserState,
  state: DispatchState,
): Promise<Ran | typeof CUT> {
  return running.then(
    () => applied(batch, state),
    (thrown: unknown) => fail(run, batch, slot, user, thrown),
  );
}

/**
 * An event committed before: its recorded outcome, as a duplicate (a fired timer is completed). An event whose
 * id its user already used for another envelope is refused (`EVENT_ID_REUSED`), and the error says nothing of
 * what was recorded.
 */
function replay(batch: BatchState, slot: Slot, recorded: RecordedOutcome): Ran {
  if (
    slot.fingerprint !== undefined &&
    recorded.fingerprint !== undefined &&
    recorded.fingerprint !== slot.fingerprint
  ) {
    return {
      kind: 'refused',
      error: new EngageLoopError('EVENT_ID_REUSED', { data: { eventId: slot.event.id } }),
    };
  }
  if (slot.timer) batch.completeTimer(slot.timer);
  return { kind: 'duplicate', outcome: duplicateOutcome(slot.event, recorded) };
}

/** The pipeline ran to the end: its intents join the batch, with the outcome recorded under the event's key. */
function applied(batch: BatchState, state: DispatchState): Ran | typeof CUT {
  if (batch.cancelsQueued(state)) {
    // It runs again in the next unit of work: what it wrote in place is taken back.
    batch.undoEvent();
    return CUT;
  }
  state.finish();
  // The recorded outcome is handed to the store as a draft (serialised by its `toJSON`), never changed afterwards.
  const recorded = outcomeDraft(state);
  const { slot } = state;
  const key = slot.recordKey;
  // An entity's record belongs to no user: erasing a user whose id equals an entity key never touches it.
  const userId = slot.event.entity === undefined ? slot.event.userId : '';
  // Under `retention: { outcomes: 0 }` the record is compacted from the start: nothing keeps the outcome.
  const outcome = state.keepOutcomes ? recorded : null;
  const { now: committedAt, fingerprint } = slot;
  const record: RecordedOutcome =
    fingerprint === undefined
      ? new Recorded(key, userId, outcome, committedAt)
      : new Fingerprinted(key, userId, outcome, committedAt, fingerprint);
  const duplicates = batch.addApplied(state, record);
  const derived = state.derived();
  const queued = state.messages.length > 0 ? state : undefined;
  const emits = observedEmits(state);
  if (
    duplicates.size === 0 &&
    emits.length === 0 &&
    derived.length === 0 &&
    state.trace === undefined &&
    queued === undefined
  )
    return recorded;
  return new AppliedRan(recorded, duplicates, emits, derived, state.trace, queued);
}

/**
 * The loop events of a dispatch that ran to the end, to emit after the commit: those with a listener now (an exact
 * list). A domain event (a plugin's `ctx.emit`) is kept in the state whether observed or not, since later rules read
 * it as `signals` and the outcome names it; once the dispatch is over, one nobody listens to is dropped here, as
 * `DispatchState.emit` drops any other loop event at once. The batch then keeps nothing for it until its commit.
 */
function observedEmits(state: DispatchState): readonly PendingEmit[] {
  const emits = state.emits;
  let observed = 0;
  for (let i = 0; i < emits.length; i++) if (state.observed((emits[i] as PendingEmit).name)) observed += 1;
  // Once the dispatch is over (`finish`), its lists are of exactly their length.
  if (observed === emits.length) return emits;
  return exactList(observed === 0 ? [] : emits.filter((pending) => state.observed(pending.name)));
}

/*
 * A batch holds its records and what its events ran to until it commits, so a collection meets most of them
 * alive: made by literals, V8 pretenured them (see `plainMaker`), and each old record then kept its event's draft
 * and outcome alive through every young-generation collection until the next full one. They are made by `new`,
 * with the fields of the literals they stand for, in order. A record with a fingerprint is made with it, not given
 * it afterwards: a key added to an object takes a property array of its own (40 bytes more per record).
 */

/** `{ key, userId, outcome, committedAt }`. */
function recordedInit(
  this: RecordedOutcome,
  key: string,
  userId: string,
  outcome: unknown,
  committedAt: number,
): void {
  this.key = key;
  this.userId = userId;
  this.outcome = outcome;
  this.committedAt = committedAt;
}
const Recorded = plainMaker(recordedInit);

/** `{ key, userId, outcome, committedAt, fingerprint }`. */
const Fingerprinted = plainMaker(function fingerprinted(
  this: RecordedOutcome,
  key: string,
  userId: string,
  outcome: unknown,
  committedAt: number,
  fingerprint: string,
): void {
  recordedInit.call(this, key, userId, outcome, committedAt);
  this.fingerprint = fingerprint;
});

type Applied = Extract<Ran, { kind: 'applied' }>;

/** `{ kind: 'applied', recorded, duplicates, emits, derived, trace, queued }`. */
const AppliedRan = plainMaker(function appliedRan(
  this: Applied,
  recorded: OutcomeDraft,
  duplicates: ReadonlySet<string>,
  emits: readonly PendingEmit[],
  derived: readonly TimerRecord[],
  trace: DispatchTrace | undefined,
  queued: DispatchState | undefined,
): void {
  this.kind = 'applied';
  this.recorded = recorded;
  this.duplicates = duplicates;
  this.emits = emits;
  this.derived = derived;
  this.trace = trace;
  this.queued = queued;
});

/**
 * The failure path: everything the pipeline did is dropped, and it starts again from what the event found;
 * plugins' `onFailure` hooks may queue a fallback answer, and only that joins the batch. A hook that throws
 * there is noted in the trace; the others still run.
 */
function fail(
  run: RunContext,
  batch: BatchState,
  slot: Slot,
  user: UserState,
  thrown: unknown,
): Ran | Promise<Ran> {
  const error = isEngageLoopError(thrown) ? thrown : pluginError(thrown, 'core', 'evaluate');
  // What the event wrote in place is taken back before the failure path starts from the user it found.
  batch.undoEvent();
  const state = new FailureState(run, slot, batch, user);
  const done = (): Ran => ({ kind: 'failed', state, error, duplicates: batch.addMessages(state) });
  const running = hookSeq(
    run.registry.hooks.onFailure,
    'onFailure',
    ({ plugin, fn }) => fn(createFailureContext(state, plugin, error)),
    undefined,
    (secondary, { plugin }) =>
      state.note(plugin.name, localized('onFailure hook failed', 'onFailure 钩子执行失败'), {
        error: secondary.toJSON(),
      }),
  );
  return running ? running.then(done) : done();
}
