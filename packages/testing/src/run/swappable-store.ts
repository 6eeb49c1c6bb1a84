import { createMemoryStore, type Store } from '@engageloop/core';

/** A store that delegates to a replaceable inner memory store: one engine, a fresh store per run. */
export interface SwappableStore extends Store {
  /** Starts over with an empty memory store. */
  reset(): void;
}

/**
 * Building an engine compiles every schema (the expensive part); a run only needs an empty store.
 * The engine gets this store once, and each run calls `reset()`.
 */
export function createSwappableStore(): SwappableStore {
  let inner: Store = createMemoryStore();
  return {
    kind: 'memory',
    reset() {
      inner = createMemoryStore();
    },
    transact: (keys, work) => inner.transact(keys, work),
    getDocument: (key) => inner.getDocument(key),
    listDocuments: (prefix) => inner.listDocuments(prefix),
    getCounter: (key) => inner.getCounter(key),
    topCounters: (prefix, options) => inner.topCounters(prefix, options),
    compactRecords: (options) => inner.compactRecords(options),
    compactOutbox: (options) => inner.compactOutbox(options),
    claimTimers: (options) => inner.claimTimers(options),
    listTimers: (filter) => inner.listTimers(filter),
    releaseTimer: (release) => inner.releaseTimer(release),
    claimMessages: (options) => inner.claimMessages(options),
    ackMessage: (id, lease, now) => inner.ackMessage(id, lease, now),
    retryMessage: (id, lease, update) => inner.retryMessage(id, lease, update),
    deadLetterMessage: (id, lease, update) => inner.deadLetterMessage(id, lease, update),
    listMessages: (filter) => inner.listMessages(filter),
    forgetUser: (userId, pseudonym, options) => inner.forgetUser(userId, pseudonym, options),
    close: () => Promise.resolve(),
  };
}
