import { EngageLoopError } from '../errors/error';
import { isThenable } from '../thenable';
import { binary, binaryMentions } from './binary-outcome';
import { freezeJson } from './freeze';
import { userKey } from './keys';
import { createKeyLock } from './lock';
import { decodeOutcome, headed } from './memory-effect-heads';
import type { MemoryOutboxOptions } from './memory-outbox';
import { storeRecord } from './memory-records';
import { createMemoryState, isLent, type MemoryState, reserveStaged } from './memory-state';
import { MemoryTransaction } from './memory-transaction';
import { erasedOutcome, jsonNeedle, pseudonymiseAll, pseudonymiseJson } from './pseudonymise';
import { checkCompactOutbox, checkCompactRecords, checkTopCounters } from './queries';
import type { Store } from './types';

/** Options of `createMemoryStore`. */
export interface MemoryStoreOptions {
  /** Documents the store starts with (copied), e.g. user states for a simulation. */
  documents?: Iterable<readonly [string, unknown]>;
  /** Counters the store starts with. */
  counters?: Iterable<readonly [string, number]>;
  /**
   * Outbox retention. `{ keepSent: false }`: an acked message is let go (its dedupe key is kept, so it is
   * never queued again), and `listMessages` no longer lists it. For a process that drains as it goes and
   * needs no record of what was sent (the CLI's simulations); default: every message is kept, and
   * `compactOutbox` (each `tick`, past `createEngine({ retention: { messages } })`) frees the texts of the
   * finished ones.
   */
  outbox?: MemoryOutboxOptions;
  /**
   * How many documents are kept as frozen objects (the last read or written, default `HOT_DOCUMENTS`, 16,384);
   * the others are kept as JSON text and parsed when read. 0 keeps every document as text (tests of that path).
   */
  hotDocuments?: number;
}

const states = new WeakMap<Store, MemoryState>();

/**
 * Test hook (not part of the public API): makes the next commit of a memory store fail with `STORE_ERROR`.
 * The contract suite uses it through `runStoreContract(…, { faults: { failNextCommit } })`.
 */
export function failNextMemoryCommit(store: Store): void {
  const state = states.get(store);
  if (state === undefined) throw new TypeError('Not a memory store.');
  state.failNextCommit = true;
}

/**
 * Test hook (not part of the public API): everything a memory store holds — documents, counters, recorded
 * outcomes and their segments, outbox and timers with their indexes — as one JSON text, so a test can check
 * that a value appears nowhere in it.
 */
export function memoryStoreContents(store: Store): string {
  const state = states.get(store);
  if (state === undefined) throw new TypeError('Not a memory store.');
  reserveStaged(state); // the event ids of commits staged and not finished, in `reservedEvents` too
  return JSON.stringify({
    docs: [...state.docs.entries()],
    counters: [...state.counters.entries()],
    records: state.records.dump(),
    outbox: state.outbox.dump(),
    timers: state.timers.dump(),
    reserved: [...state.reservedEvents, ...state.reservedDedupe],
  });
}

/**
 * Creates an in-process store: fast, isolated and gone when the process ends. The store of tests, the CLI
 * and benchmarks. A commit freezes the values it writes (documents, messages, timers; already-frozen parts are
 * not visited again) and reads hand out those frozen values without copying, so nothing but a commit changes
 * a stored value. Only the last `hotDocuments` documents read or written are kept as objects: older ones are
 * kept as JSON text, and a read parses and freezes a fresh, equal copy. Recorded outcomes, read only on replays, are kept as JSON text (joined into large segments the
 * young-generation collector does not copy) and parsed on read; `compactRecords` frees the text of those past
 * the retention window (a segment is rewritten once half of it is compacted) and keeps them packed in bytes
 * outside the heap (key, user, fingerprint, time: about 65 bytes each). Counters keep their keys sorted
 * for `topCounters`. Values must be JSON data (plain objects, arrays, primitives).
 *
 * @example
 * const store = createMemoryStore();
 * await store.transact([userKey('u1')], async (tx) => {
 *   const docs = await tx.load([userKey('u1')]);
 *   await tx.commit({ docs: [{ key: userKey('u1'), value: { points: 1 } }], counters: [], messages: [],
 *     cancelMessages: [], timers: { schedule: [], cancel: [], complete: [] } });
 * });
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): Store {
  const state = createMemoryState(options.outbox, options.hotDocuments);
  const lock = createKeyLock();
  for (const [key, value] of options.documents ?? [])
    state.docs.set(key, freezeJson(structuredClone(value), 'document', key));
  for (const [key, value] of options.counters ?? []) state.counters.add(key, value);

  const open = (): void => {
    if (state.closed) throw new EngageLoopError('STORE_CLOSED');
  };
  /** Waits until the unit of work holding `key` ends (it may be writing into its document: `MemoryState.lent`). */
  const afterWork = async (key: string): Promise<void> => {
    const release = await lock.acquire([key]);
    release();
  };

  const store: Store = {
    kind: 'memory',
    async transact(keys, work) {
      open();
      const release = lock.tryAcquire(keys) ?? (await lock.acquire(keys));
      const tx = new MemoryTransaction(state, keys);
      try {
        const pending = work(tx);
        const result = isThenable(pending) ? await pending : (pending as Awaited<typeof pending>);
        open();
        MemoryTransaction.apply(tx);
        return result;
      } catch (error) {
        MemoryTransaction.rollback(tx);
        throw error;
      } finally {
        release();
      }
    },
    async getDocument(key) {
      open();
      if (isLent(state, key)) await afterWork(key);
      return state.docs.get(key);
    },
    async *listDocuments(prefix) {
      open();
      const keys = [...state.docs.keys()].filter((key) => key.startsWith(prefix)).sort();
      for (const key of keys) {
        if (isLent(state, key)) await afterWork(key);
        const value = state.docs.get(key);
        if (value !== undefined) yield { key, value };
      }
    },
    async getCounter(key) {
      open();
      return state.counters.get(key) ?? 0;
    },
    async topCounters(prefix, topOptions) {
      open();
      checkTopCounters(prefix, topOptions);
      return state.counters.top(prefix, topOptions);
    },
    async compactRecords(compactOptions) {
      open();
      checkCompactRecords(compactOptions);
      return state.records.compact(compactOptions.before, compactOptions.limit ?? Number.POSITIVE_INFINITY);
    },
    async compactOutbox(compactOptions) {
      open();
      checkCompactOutbox(compactOptions);
      return state.outbox.compact(compactOptions.before, compactOptions.limit ?? Number.POSITIVE_INFINITY);
    },
    async claimTimers(claim) {
      open();
      return state.timers.claim(claim);
    },
    async releaseTimer(release) {
      open();
      state.timers.release(release);
    },
    async listTimers(filter = {}) {
      open();
      return state.timers.list(filter);
    },
    async claimMessages(claim) {
      open();
      return state.outbox.claim(claim);
    },
    async ackMessage(id, lease, now) {
      open();
      state.outbox.ack(id, lease, now);
    },
    async retryMessage(id, lease, update) {
      open();
      state.outbox.retry(id, lease, update);
    },
    async deadLetterMessage(id, lease, update) {
      open();
      state.outbox.deadLetter(id, lease, update);
    },
    async listMessages(filter = {}) {
      open();
      return state.outbox.list(filter);
    },
    async forgetUser(userId, pseudonym, options = {}) {
      open();
      const release = await lock.acquire([userKey(userId)]);
      try {
        forget(state, userId, pseudonym);
        state.outbox.eraseQuotes(options.quotes ?? []);
        state.counters.renameUser(options.counters ?? [], userId, pseudonym);
      } finally {
        release();
      }
    },
    async close() {
      state.closed = true;
    },
  };
  states.set(store, state);
  return store;
}

/** Privacy erasure, as `Store.forgetUser` describes it. */
function forget(state: MemoryState, userId: string, pseudonym: string): void {
  state.docs.delete(userKey(userId));
  state.timers.forgetUser(userId, pseudonym);
  state.outbox.forgetUser(userId, pseudonym);
  const needle = jsonNeedle(userId);
  const { heads } = state.records;
  // A text that names effect heads holds the id when one of them does (a string lies whole in one or the other).
  const inHeads = heads.mention(needle);
  // Record keys hold a hash of the user id (`recordKey`), never the id: they stay, so replays stay
  // duplicates; an event id that itself contains the user id is renamed.
  state.records.rewrite((key, record) => {
    const text = record.outcomeText();
    const { committedAt, fingerprint } = record;
    if (record.userId === userId) {
      const renamed = pseudonymiseAll(key, userId, pseudonym);
      const outcome = erasedOutcome(
        text === undefined ? undefined : decodeOutcome(text, heads, key, record.userId),
        userId,
        pseudonym,
      );
      const erased = { key: renamed, userId: pseudonym, outcome, committedAt, fingerprint };
      return [renamed, storeRecord(erased, heads)];
    }
    if (text === undefined) return undefined;
    const mentions = binary(text)
      ? inHeads || binaryMentions(text, key, record.userId, userId, needle)
      : text.includes(needle) || (inHeads && headed(text));
    if (!mentions) return undefined;
    const outcome = pseudonymiseJson(decodeOutcome(text, heads, key, record.userId), userId, pseudonym);
    return [key, storeRecord({ key, userId: record.userId, outcome, committedAt, fingerprint }, heads)];
  });
}
