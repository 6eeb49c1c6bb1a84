import type { EngageLoopError } from '../errors/error';
import type { Outcome } from '../event/outcome';
import { OutcomeDraft, withSubject } from '../event/outcome-draft';
import type { EventSource, ValidatedEvent } from '../event/types';
import { pseudonymiseAll } from '../store/pseudonymise';
import type { RecordedOutcome } from '../store/types';
import type { DispatchState } from './dispatch-state';

/*
 * An Outcome is built by one function per kind: `appliedOutcome`, `failedOutcome`, `duplicateOutcome`, and
 * `refusedOutcome` for an input the engine could not take (it never ran).
 */

const NOTHING_QUEUED: ReadonlySet<string> = new Set();

/**
 * `list` in an array of exactly its length: one grown by `push` from `[]` keeps room for 17 items (152 bytes of
 * backing store for a handful). What a batch keeps of an event until its commit (the outcome's `fired` and
 * `effects`, the pending loop events) lives through a young-generation collection more often than not, and
 * every byte of it is copied, then promoted: the copy is made at once and the grown array dies young.
 */
export function exactList<T>(list: readonly T[]): readonly T[] {
  return list.length === 0 ? NO_ITEMS : list.slice();
}

/** `exactList` of an empty list: shared, frozen (the outcome the caller gets copies its lists). */
const NO_ITEMS: readonly never[] = Object.freeze([]);

/** The messages a state queued, each `queued` unless its dedupe key is in `duplicates`. */
function messagesOf(state: DispatchState, duplicates: ReadonlySet<string>): Outcome['messages'] {
  // Most dispatches queue nothing: a fresh empty list, without calling `map` and making its callback.
  if (state.messages.length === 0) return [];
  return state.messages.map((m) => ({
    id: m.id,
    userId: m.userId,
    kind: m.kind,
    topic: m.topic,
    channel: m.channel,
    queued: !duplicates.has(m.dedupeKey),
  }));
}

/**
 * What a committed dispatch did, as its batch keeps it until it reports (`OutcomeDraft`); `duplicates` are the
 * dedupe keys of its messages that were not enqueued (an identical message was already in the outbox, or queued
 * earlier in the batch). The trace is not part of it.
 */
export function outcomeDraft(
  state: DispatchState,
  duplicates: ReadonlySet<string> = NOTHING_QUEUED,
): OutcomeDraft {
  const derived = state.derived();
  const timers = state.timerIds();
  const emitted = domainNames(state.emits);
  // The state's lists are of exactly their length (`DispatchLists`) and never change once it is over: kept as they are.
  return new OutcomeDraft(
    state.event,
    state.fired,
    state.effects,
    state.messages.length === 0 ? undefined : messagesOf(state, duplicates),
    timers,
    emitted.length === 0 ? undefined : emitted,
    derived.length === 0 ? undefined : derived.map((d) => (d.derived as { eventId: string }).eventId),
  );
}

/** `outcomeDraft(state, duplicates)` as the caller gets it. */
export function appliedOutcome(
  state: DispatchState,
  duplicates: ReadonlySet<string> = NOTHING_QUEUED,
): Outcome {
  return outcomeDraft(state, duplicates).outcome();
}

/**
 * The names of the domain events among `emits`, in order, in an array of exactly that length (one grown by
 * `push` keeps room for 17).
 */
function domainNames(emits: DispatchState['emits']): string[] {
  let n = 0;
  for (let i = 0; i < emits.length; i++) if ((emits[i] as (typeof emits)[number]).domain) n++;
  const names = new Array<string>(n);
  if (n === 0) return names;
  let at = 0;
  for (let i = 0; i < emits.length; i++) {
    const e = emits[i] as (typeof emits)[number];
    if (e.domain) names[at++] = String(e.name);
  }
  return names;
}

/** The outcome's view of an error: code, message and, where known, plugin, hook and rule. */
export function errorSummary(error: EngageLoopError): NonNullable<Outcome['error']> {
  return {
    code: error.code,
    message: error.message,
    ...(error.plugin ? { plugin: error.plugin } : {}),
    ...(error.hook ? { hook: error.hook } : {}),
    ...(error.ruleId ? { ruleId: error.ruleId } : {}),
  };
}

/**
 * A dispatch that was rolled back: nothing it intended is reported, except the fallback messages the failure
 * path (`state`, when it ran) queued.
 */
export function failedOutcome(
  event: Pick<ValidatedEvent, 'id' | 'userId' | 'type' | 'source' | 'entity' | 'cause'>,
  error: EngageLoopError,
  state?: DispatchState,
  duplicates: ReadonlySet<string> = NOTHING_QUEUED,
): Outcome {
  return withSubject(event, {
    eventId: event.id,
    userId: event.userId,
    type: event.type,
    source: event.source,
    status: 'failed',
    fired: [],
    effects: [],
    messages: state ? messagesOf(state, duplicates) : [],
    timers: { scheduled: [], cancelled: [] },
    emitted: [],
    error: errorSummary(error),
  });
}

/**
 * An event committed before: the recorded outcome as a duplicate. A compacted record (its outcome dropped after
 * the retention window) says only that: nothing fired, nothing queued, `compacted: true`. Under a user erased
 * since (the record's user is their pseudonym), the pseudonym stands for the user, in the event id too.
 */
export function duplicateOutcome(event: ValidatedEvent, recorded: RecordedOutcome): Outcome {
  const held = recorded.outcome;
  // An earlier event of the same batch: its draft, not yet an outcome.
  const kept = (held instanceof OutcomeDraft ? held.outcome() : held) as Outcome | null;
  if (kept !== null && kept !== undefined) return { ...kept, source: event.source, status: 'duplicate' };
  // An entity's record has no user (`''`): the event's own subject stands.
  const userId = event.entity === undefined ? recorded.userId : event.userId;
  return withSubject(event, {
    eventId: userId === event.userId ? event.id : pseudonymiseAll(event.id, event.userId, userId),
    userId,
    type: event.type,
    source: event.source,
    status: 'duplicate',
    fired: [],
    effects: [],
    messages: [],
    timers: { scheduled: [], cancelled: [] },
    emitted: [],
    compacted: true,
  });
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** An input that was refused before it ran (not an event, too large…): what of its envelope can be read. */
export function refusedOutcome(
  input: unknown,
  error: EngageLoopError,
  source: EventSource = 'event',
): Outcome {
  const e = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  const own = (key: string) => (Object.hasOwn(e, key) ? text(e[key]) : '');
  const entity = own('entity');
  return failedOutcome(
    {
      id: own('id'),
      userId: own('userId') || entity,
      type: own('type'),
      source,
      ...(entity === '' ? {} : { entity }),
    },
    error,
  );
}
