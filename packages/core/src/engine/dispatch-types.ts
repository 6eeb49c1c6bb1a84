// The shapes a batch hands its dispatches: pending loop events, the batch-wide run context, one event's slot
// (what was computed for it before the unit of work) and the source its state reads through (DispatchState).
import type { EngageLoopError } from '../errors/error';
import type { LoopEvents } from '../event/loop-events';
import type { ValidatedEvent } from '../event/types';
import type { Registry } from '../plugin/registry';
import type { CounterEntry, TimerCompletion } from '../store/types';
import type { InPlaceLog } from './in-place-log';
import type { PolicyRuntime } from './runtime';

/** A loop event waiting to be emitted after the commit; `domain` events also appear in `outcome.emitted`. */
export interface PendingEmit {
  name: keyof LoopEvents;
  payload: unknown;
  domain: boolean;
}

/** What a batch hands each of its dispatches: the same for every event of the batch. */
export interface RunContext {
  readonly registry: Registry;
  readonly runtime: PolicyRuntime;
  /** Build a trace of every condition. */
  readonly trace: boolean;
  /** Whether anyone listens to a loop event (payloads nobody observes are not built). */
  readonly observed: (name: keyof LoopEvents) => boolean;
  /** The deepest chain of derived events that still runs (`createEngine({ derived: { maxDepth } })`). */
  readonly maxDerivedDepth: number;
  /** The key an event's outcome is recorded under (`recordKeyOf`, with the engine's memo of user hashes). */
  readonly recordKeyOf: (event: ValidatedEvent) => string;
  /**
   * Whether a record keeps its outcome: false under `retention: { outcomes: 0 }`, where a record is written
   * compacted (`outcome: null`, with its key, user, fingerprint and time) instead of in full until the next tick.
   */
  readonly keepOutcomes: boolean;
}

/** One event of a batch, with everything computed for it before the unit of work. */
export interface Slot {
  readonly event: ValidatedEvent;
  /** The business time it runs at (epoch ms). */
  readonly now: number;
  /** The subject's document key (`user:<id>`, or `entity:<kind>:<id>` for an entity's event). */
  readonly userKey: string;
  /** The key the outcome is recorded under (the event id scoped to its user and source). */
  readonly recordKey: string;
  /**
   * The fingerprint of the envelope, recorded with the outcome. Only events a host dispatches have one: a
   * fired timer's id is the engine's own and is never re-used for another envelope.
   */
  readonly fingerprint: string | undefined;
  /**
   * The documents it may read and write (the user's and those its plugins' `prepare` named), sorted: `undefined`
   * when that is the user's alone (most events; no list kept per event until the batch ends).
   */
  readonly docs: readonly string[] | undefined;
  /** The counters its plugins' `prepare` named. */
  readonly counters: readonly string[];
  /** The leaderboards its plugins' `prepare` named (`ctx.top`), by prefix: the largest limit asked for. */
  readonly tops: ReadonlyMap<string, number> | undefined;
  /** Set on a derived event deeper than the engine's limit: it fails without running and leaves the queue. */
  readonly depthError: EngageLoopError | undefined;
  /** What a `prepare` hook threw: the event fails without running. */
  readonly prepareError: EngageLoopError | undefined;
  /** Set when the event is a fired timer: completed in the same commit. */
  readonly timer: Readonly<TimerCompletion> | undefined;
}

/** Documents and counters as the dispatch finds them: as loaded, changed by the batch's earlier events. */
export interface StateSource {
  /** The document's value, or undefined when there is none. */
  doc(key: string): unknown;
  /**
   * Whether the user document under `key` (or the user a dispatch starts from, when there is none) is the
   * engine's own: its containers may be unfrozen, and no one outside the engine holds them (see `UserDraft`).
   */
  owns(key: string): boolean;
  /** The unit of work's writes in place into the engine's own users, when it makes them (`InPlaceLog`). */
  readonly inPlace: InPlaceLog | undefined;
  counter(key: string): number;
  /** The leaderboard of a counter family loaded with the unit of work, with the batch's changes (`ctx.top`). */
  top(prefix: string, limit: number): readonly CounterEntry[];
}
