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
  /** Event ids and dedupe keys written by units of work that committed but have not finished yet. */
  reservedEvents: Set<string>;
  reservedDedupe: Set<string>;
  /**
   * The open units of work that loaded documents with `loadOwned` (`isLent`): the engine may be writing into them
   * in place (and undoes that if the work fails), so a read outside the unit of work waits for it to end. One
   * entry per unit of work, not per document (a batch lends hundreds).
   */
  lent: Set<Lender>;
  /** Test hook: the next commit fails with `STORE_ERROR`. */
  failNextCommit: boolean;
  closed: boolean;
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
    lent: new Set(),
    failNextCommit: false,
    closed: false,
  };
}
