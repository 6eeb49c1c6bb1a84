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
   * Documents an open unit of work loaded with `loadOwned`: the engine may be writing into them in place (and
   * undoes that if the work fails), so a read outside the unit of work waits for it to end.
   */
  lent: Set<string>;
  /** Test hook: the next commit fails with `STORE_ERROR`. */
  failNextCommit: boolean;
  closed: boolean;
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
