import { createMemoryOutbox, type MemoryOutbox } from './memory-outbox';
import { createMemoryTimers, type MemoryTimers } from './memory-timers';
import type { RecordedOutcome } from './types';

/** Everything a memory store holds. Documents, records, timers and messages are frozen. */
export interface MemoryState {
  docs: Map<string, unknown>;
  counters: Map<string, number>;
  records: Map<string, RecordedOutcome>;
  outbox: MemoryOutbox;
  timers: MemoryTimers;
  /** Event ids and dedupe keys written by units of work that committed but have not finished yet. */
  reservedEvents: Set<string>;
  reservedDedupe: Set<string>;
  /** Test hook: the next commit fails with `STORE_ERROR`. */
  failNextCommit: boolean;
  closed: boolean;
}

export function createMemoryState(): MemoryState {
  return {
    docs: new Map(),
    counters: new Map(),
    records: new Map(),
    outbox: createMemoryOutbox(),
    timers: createMemoryTimers(),
    reservedEvents: new Set(),
    reservedDedupe: new Set(),
    failNextCommit: false,
    closed: false,
  };
}
