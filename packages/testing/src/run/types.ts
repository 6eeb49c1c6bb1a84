import type {
  LoopEvent,
  OutboxEntry,
  Outcome,
  Policy,
  Registry,
  TimerRecord,
  UserState,
} from '@engageloop/core';
import type { NeedDoc } from '@engageloop/needs';
import type { Journey } from '../arbitraries/journey-types';

/** One dispatch or tick of a run, with what the engine answered. */
export interface RunStep {
  /** Index into `journey.steps`. */
  index: number;
  kind: 'event' | 'tick';
  /** The dispatched event (for `event` steps). */
  event?: LoopEvent;
  /** Clock (epoch ms) when the step ran. */
  now: number;
  /** Outcomes: one for an event, one per fired timer for a tick. */
  outcomes: Outcome[];
  /** Every user's state after the step (users not seen yet are absent). */
  users: Readonly<Record<string, UserState>>;
}

/** A typed loop event emitted during the run (`reward:granted`, `stage:changed`…), in order. */
export interface RunSignal {
  name: string;
  payload: Record<string, unknown>;
  /** Index of the step during which it was emitted. */
  step: number;
}

/** What an engine ends with: users, outbox, timers, and the need items of the needs plugin. */
export interface RunSnapshot {
  users: Readonly<Record<string, UserState>>;
  outbox: readonly OutboxEntry[];
  timers: readonly TimerRecord[];
  /** Need items (`need:<id>` documents) by need id, with the SLA deadlines the core set; empty without needs. */
  needs: Readonly<Record<string, NeedDoc>>;
  /** The store's counters that are not zero (likes, votes, contest entries, budgets), by key. */
  counters?: Readonly<Record<string, number>>;
}

/**
 * An applied undo right after the event it undoes (same user, nothing in between), and the journey without
 * both run on a fresh store: what `undoEqualsAbsence` compares with the run's final snapshot.
 */
export interface AbsenceRun {
  /** The undone event's id, and the undo event's. */
  undone: string;
  undo: string;
  /** Index of the undo step in the journey. */
  step: number;
  /** The final snapshot of the journey without the two steps. */
  without: RunSnapshot;
}

/**
 * Everything an invariant may look at: the journey, each step's outcomes and user states, the signals,
 * the final snapshot, and (when the runner does them) a replay of every event on the same store and a
 * rerun of the whole journey on a fresh store.
 */
export interface PolicyRun {
  policy: Policy;
  registry: Registry;
  journey: Journey;
  steps: readonly RunStep[];
  signals: readonly RunSignal[];
  final: RunSnapshot;
  /** Event time (epoch ms) by event id, for dispatched events and fired timers. */
  eventTimes: ReadonlyMap<string, number>;
  /** Every event dispatched again on the same store after the journey: outcomes and the snapshot after. */
  replay?: { outcomes: readonly Outcome[]; after: RunSnapshot };
  /** The same journey on a fresh store and clock. */
  rerun?: RunSnapshot;
  /** The journey without its first applied undo and the event it undoes right before it (see `AbsenceRun`). */
  absence?: AbsenceRun;
}
