import { MemoryCounters } from './memory-counters';
import { createMemoryOutbox, type MemoryOutbox, type MemoryOutboxOptions } from './memory-outbox';
import { MemoryRecords } from './memory-records';
import { createMemoryTimers, type MemoryTimers } from './memory-timers';

/** Everything a memory store holds. Documents, timers and messages are frozen; records are JSON text. */
export interface MemoryState {
  docs: Map<string, unknown>;
  counters: MemoryCounters;
  /** Recorded outcomes by event id, as JSON text. */
  records: MemoryRecords;
  outbox: MemoryOutbox;
  timers: MemoryTimers;
  /** Event ids and dedupe keys written by units of work that committed but have not finished yet. */
  reservedEvents: Set<string>;
  reservedDedupe: Set<string>;
  /** Test hook: the next commit fails with `STORE_ERROR`. */
  failNextCommit: boolean;
  closed: boolean;
}

export function createMemoryState(outbox: MemoryOutboxOptions = {}): MemoryState {
  return {
    docs: new Map(),
    counters: new MemoryCounters(),
    records: new MemoryRecords(),
    outbox: createMemoryOutbox(outbox),
    timers: createMemoryTimers(),
    reservedEvents: new Set(),
    reservedDedupe: new Set(),
    failNextCommit: false,
    closed: false,
  };
}
