import { EngageLoopError } from '../errors/error';
import type { MemoryState } from './memory-state';
import type { CommitResult, CommitWrite, StoreTransaction } from './types';

/** A unit of work over a memory store; its commit is staged and applied when the work returns. */
export interface MemoryTransaction {
  readonly api: StoreTransaction;
  /** Applies the staged commit (if any) at once. */
  apply(): void;
  /** Drops the staged commit. */
  rollback(): void;
}

const violation = (reason: string, data?: Record<string, unknown>): EngageLoopError =>
  new EngageLoopError('STORE_CONTRACT_VIOLATION', { message: `Store contract violation: ${reason}.`, data });

export function createMemoryTransaction(state: MemoryState, locked: ReadonlySet<string>): MemoryTransaction {
  let open = true;
  let committed = false;
  let staged: { write: CommitWrite; enqueue: Set<string> } | undefined;

  const check = (): void => {
    if (state.closed) throw new EngageLoopError('STORE_CLOSED');
    if (!open) throw violation('the unit of work is over');
  };

  const release = (): void => {
    if (staged === undefined) return;
    if (staged.write.record) state.reservedEvents.delete(staged.write.record.eventId);
    for (const key of staged.enqueue) state.reservedDedupe.delete(key);
  };

  const stage = (input: CommitWrite): CommitResult => {
    for (const { key } of input.docs) {
      if (!locked.has(key)) throw violation(`document "${key}" is not locked by this unit of work`, { key });
    }
    if (state.failNextCommit) {
      state.failNextCommit = false;
      throw new EngageLoopError('STORE_ERROR', { message: 'Injected commit failure.' });
    }
    const write = structuredClone(input);
    const eventId = write.record?.eventId;
    if (eventId !== undefined && (state.records.has(eventId) || state.reservedEvents.has(eventId))) {
      throw new EngageLoopError('STORE_CONFLICT', { data: { eventId } });
    }
    const enqueue = new Set<string>();
    const duplicateMessages: string[] = [];
    for (const { dedupeKey } of write.messages) {
      const taken =
        enqueue.has(dedupeKey) || state.outbox.has(dedupeKey) || state.reservedDedupe.has(dedupeKey);
      if (taken) duplicateMessages.push(dedupeKey);
      else enqueue.add(dedupeKey);
    }
    if (eventId !== undefined) state.reservedEvents.add(eventId);
    for (const key of enqueue) state.reservedDedupe.add(key);
    staged = { write, enqueue };
    return { duplicateMessages };
  };

  const api: StoreTransaction = {
    async recorded(eventId) {
      check();
      const record = state.records.get(eventId);
      return record === undefined ? undefined : structuredClone(record);
    },
    async load(keys) {
      check();
      const out = new Map<string, unknown>();
      for (const key of keys) {
        if (!locked.has(key))
          throw violation(`document "${key}" is not locked by this unit of work`, { key });
        if (state.docs.has(key)) out.set(key, structuredClone(state.docs.get(key)));
      }
      return out;
    },
    async counters(keys) {
      check();
      return new Map(keys.map((key) => [key, state.counters.get(key) ?? 0]));
    },
    async existingMessages(dedupeKeys) {
      check();
      return new Set(dedupeKeys.filter((key) => state.outbox.has(key)));
    },
    async commit(write) {
      check();
      if (committed) throw violation('commit was called twice');
      committed = true;
      return stage(write);
    },
  };

  return {
    api,
    apply() {
      open = false;
      if (staged === undefined) return;
      release();
      const { write, enqueue } = staged;
      staged = undefined;
      for (const { key, value } of write.docs) {
        if (value === null) state.docs.delete(key);
        else state.docs.set(key, value);
      }
      for (const { key, delta } of write.counters)
        state.counters.set(key, (state.counters.get(key) ?? 0) + delta);
      for (const key of write.cancelMessages) state.outbox.cancel(key);
      for (const message of write.messages) {
        if (enqueue.delete(message.dedupeKey)) state.outbox.enqueue(message);
      }
      for (const { id, dueAt } of write.timers.complete) state.timers.complete(id, dueAt);
      for (const id of write.timers.cancel) state.timers.cancel(id);
      for (const timer of write.timers.schedule) state.timers.schedule(timer);
      if (write.record) state.records.set(write.record.eventId, write.record);
    },
    rollback() {
      open = false;
      release();
      staged = undefined;
    },
  };
}
