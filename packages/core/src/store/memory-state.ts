import { MemoryCounters } from './memory-counters';
import { MemoryDocs } from './memory-docs';
import { createMemoryOutbox, type MemoryOutbox, type MemoryOutboxOptions } from './memory-outbox';
import { MemoryRecords } from './memory-records';
import { createMemoryTimers, type MemoryTimers } from './memory-timers';

/**
 * Everything a memory store holds. Timers and messages are frozen; records are JSON text; documents are
 * either (see `MemoryDocs`).
 */
export interface MemoryState {
  /** Documents: the latest as frozen objects, older ones as JSON text (`MemoryDocs`). */
  docs: MemoryDocs;
  counters: MemoryCounters;
  /** Recorded outcomes by event id, as JSON text. */
  records: MemoryRecords;
  outbox: MemoryOutbox;
  timers: MemoryTimers;
  /**
   * Event ids and dedupe keys written by units of work that committed but have not finished yet. A commit's
   * event ids go in only when another commit is staged before it finishes (`reserveStaged`): until then its
   * unit of work waits in `unreserved`.
   */
  reservedEvents: Set<string>;
  reservedDedupe: Set<string>;
  /** Units of work whose staged commit's event ids are not in `reservedEvents` yet (`reserveStaged`). */
  unreserved: Reserver[];
  /**
   * The open units of work that loaded documents with `loadOwned` (`isLent`): the engine may be writing into them
   * in place (and undoes that if the work fails), so a read outside the unit of work waits for it to end. One
   * entry per unit of work, not per document (a batch lends hundreds).
   */
  lent: Lender[];
  /** Test hook: the next commit fails with `STORE_ERROR`. */
  failNextCommit: boolean;
  closed: boolean;
}

/** A unit of work whose staged commit's event ids are not in `reservedEvents` yet. */
export interface Reserver {
  /** Puts its staged commit's event ids in `reservedEvents` (until it finishes). */
  reserve(): void;
}

/**
 * Puts the event ids of every staged commit not yet reserved in `reservedEvents`: before another commit is
 * checked against them. Most units of work finish right after their commit, before any other is staged, and
 * so never add their ids to that set (a batch's hundreds) nor delete them.
 */
export function reserveStaged(state: MemoryState): void {
  const { unreserved } = state;
  if (unreserved.length === 0) return;
  for (const staged of unreserved) staged.reserve();
  unreserved.length = 0;
}

/**
 * Takes `item` out of `list` (`MemoryState.unreserved`, `lent`: a few units of work, most often one), the last
 * item taking its place. A list, not a set: a set of objects gives each one an identity hash.
 */
export function dropFrom<T>(list: T[], item: T): void {
  const at = list.indexOf(item);
  if (at < 0) return;
  list[at] = list[list.length - 1] as T;
  list.pop();
}

/** A unit of work that loaded documents with `loadOwned` (`MemoryState.lent`). */
export interface Lender {
  /** Whether it loaded `key` with `loadOwned`. */
  lends(key: string): boolean;
}

/** Whether an open unit of work loaded `key` with `loadOwned` (a read outside it waits for it to end). */
export function isLent(state: MemoryState, key: string): boolean {
  for (const lender of state.lent) if (lender.lends(key)) return true;
  return false;
}

export function createMemoryState(outbox: MemoryOutboxOptions = {}, hotDocuments?: number): MemoryState {
  return {
    docs: new MemoryDocs(hotDocuments),
    counters: new MemoryCounters(),
    records: new MemoryRecords(),
    outbox: createMemoryOutbox(outbox),
    timers: createMemoryTimers(),
    reservedEvents: new Set(),
    reservedDedupe: new Set(),
    unreserved: [],
    lent: [],
    failNextCommit: false,
    closed: false,
  };
}
