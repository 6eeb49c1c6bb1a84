/**
 * The store interface: everything the engine persists goes through it.
 * Implementations: memory (this package), SQLite and PostgreSQL (their own packages).
 * Every implementation must pass the contract suite in `@engageloop/core/contract`.
 */

import type { ClaimedMessage, OutboxEntry, OutboxMessage, OutboxStatus } from './outbox-types';

/**
 * What a queued derived event is (see `DispatchContext.derive`): its own id, the id of the event that derived
 * it, and how many derivations lead to it from a host event or timer.
 */
export interface DerivedMark {
  eventId: string;
  cause: string;
  depth: number;
}

/**
 * A business timer (care trigger, SLA deadline, grace period, a contest's period end). Fired by
 * `engine.tick(now)`. The same table is the durable queue of derived events: a record with `derived` set is an
 * event another event derived (`dueAt` = its cause's time), dispatched by the batch that derived it or, failing
 * that, by `tick`.
 */
export interface TimerRecord {
  /** Unique id; scheduling the same id again replaces (re-arms) the timer. */
  id: string;
  /** The user it fires for; `''` when it fires for an entity (`entity`). */
  userId: string;
  /** The entity key it fires for (`contest:monthly-likes`), when it is an entity's. */
  entity?: string;
  /** Set when it is a queued derived event. */
  derived?: DerivedMark;
  /** The event type dispatched when the timer fires. */
  type: string;
  /** Epoch ms. */
  dueAt: number;
  payload: Record<string, unknown>;
  plugin: string;
  /** Event that (re)scheduled it. */
  eventId: string;
  /**
   * Tells this arming from earlier ones at the same due time: set by the engine when a dispatch arms the timer
   * (derived from that dispatch's record key), part of the fired event's id (`timer:<id>~<generation>@<dueAt>`),
   * so a timer armed again at the time it already fired at runs again instead of replaying. Absent on timers
   * stored before generations existed (their event keeps the id `timer:<id>@<dueAt>`) and on derived events.
   * Stores keep it as given.
   */
  generation?: string;
  /**
   * Failed firings since it was (re)scheduled (see `Store.releaseTimer`); absent or 0 when none. Scheduling
   * (re-arming) resets it.
   */
  attempts?: number;
}

/**
 * A fired timer to complete (`CommitWrite.timers.complete`): the arming that fired, by id, due time and
 * generation (absent when the fired timer had none: stored before generations, or a derived event).
 */
export type TimerCompletion = Pick<TimerRecord, 'id' | 'dueAt' | 'generation'>;

/**
 * A fired timer whose dispatch failed, given back for a later attempt (see `Store.releaseTimer`): the arming that
 * fired, by id, due time (the one it was claimed with) and generation (none when it had none), as
 * `TimerCompletion` names it.
 */
export interface TimerRelease extends TimerCompletion {
  /** Failed firings so far, this one included. */
  attempts: number;
  /** Epoch ms (business time) before which it is not claimed again. */
  retryAt: number;
  /**
   * The business time of the tick that gives it back: `retryAt − now` is the backoff. A store that judges
   * leases by its own clock (PostgreSQL: the database's) waits that long on that clock instead.
   */
  now: number;
}

/** What a dispatch recorded under its key; a replay returns it instead of running again. */
export interface RecordedOutcome {
  /**
   * The idempotency key: the event id scoped to its user and source (`recordKey(source, userId, eventId)`),
   * so two users' events never share a record. Stores keep it as given (and never parse it).
   */
  key: string;
  userId: string;
  /**
   * The fingerprint of the envelope that was committed (`envelopeFingerprint`): a replay of the same key
   * with another envelope is told apart by it. Absent on records written before fingerprints were kept.
   */
  fingerprint?: string;
  /**
   * The serialisable outcome (see `Outcome`), without the trace. `null` when the record was compacted
   * (`Store.compactRecords`: past the retention window only the key, user, fingerprint and time are kept, which
   * is all exactly-once needs); a replay of a compacted record is a duplicate without its outcome.
   */
  outcome: unknown;
  /** Epoch ms of the commit (the dispatch's clock): what `Store.compactRecords` compares with `before`. */
  committedAt: number;
}

/** One shared counter, as `Store.topCounters` lists it. */
export interface CounterEntry {
  key: string;
  value: number;
}

/** Options of `Store.topCounters` (checked by `checkTopCounters`). */
export interface TopCountersOptions {
  /** At most this many entries: an integer from 0 to `MAX_TOP_COUNTERS`. */
  limit: number;
  /**
   * The last entry of the previous page: only entries after it in the listing's order (value descending,
   * then key ascending) are listed, so pages never repeat or skip an entry that kept its value.
   */
  after?: CounterEntry;
}

/** Options of `Store.compactRecords` (checked by `checkCompactRecords`). */
export interface CompactRecordsOptions {
  /** Records committed before this time (epoch ms, `committedAt < before`) are compacted. */
  before: number;
  /** At most this many, oldest first (a positive integer; default: every one that qualifies). */
  limit?: number;
}

/** Options of `Store.compactOutbox` (checked by `checkCompactOutbox`). */
export interface CompactOutboxOptions {
  /**
   * Messages that finished (sent, dead-lettered or cancelled) before this time (epoch ms, `nextAttemptAt <
   * before`).
   */
  before: number;
  /** At most this many, oldest first (a positive integer; default: every one that qualifies). */
  limit?: number;
}

/** Everything one unit of work writes, atomically. */
export interface CommitWrite {
  /** Recorded under its key: the idempotency key. Omitted for failed dispatches. */
  record?: RecordedOutcome;
  /**
   * More records, for a unit of work that commits a batch of events (`engine.dispatchBatch`): each under its
   * own key, all or none, as if each were `record`. A key recorded before, or twice in one write, is
   * `STORE_CONFLICT` and nothing is written.
   */
  records?: RecordedOutcome[];
  /**
   * Documents to write (`value: null` deletes). Only keys locked by the unit of work. `handedOver: true` is the
   * writer's promise that it made every unfrozen object in `value`, keeps no reference to any of them, changes
   * them only in a later unit of work that loaded them with `loadOwned`, and that everything else in `value` is
   * frozen JSON data: a store may then keep the value as it
   * is, unfrozen, provided it freezes it before handing it out to anyone but `loadOwned` (the engine's documents
   * in the memory store). Without it the value is the caller's, as the contract says.
   */
  docs: Array<{ key: string; value: unknown; handedOver?: boolean }>;
  /** Shared counters (e.g. a global budget per period): added to the stored value. */
  counters: Array<{ key: string; delta: number }>;
  messages: OutboxMessage[];
  /** Cancel pending (unsent) messages by dedupe key; they finish at the commit's time (`cancelledAt`). */
  cancelMessages: string[];
  timers: {
    schedule: TimerRecord[];
    cancel: string[];
    /**
     * Timers that fired in this unit of work: each deleted while it is still the arming that fired (the same
     * dueAt and generation; none matches none). One re-armed meanwhile (another dueAt, or another generation at
     * the same dueAt) stays.
     */
    complete: TimerCompletion[];
  };
}

/** How a unit of work commits (see `StoreTransaction.commit`). */
export interface CommitOptions {
  /**
   * The unit of work ends with this commit: the work makes no other call on the transaction afterwards and only
   * returns (a call is `STORE_CONTRACT_VIOLATION`). A store may then end its database transaction in the
   * commit's own round trip (PostgreSQL sends `COMMIT` with it): the commit is durable once it resolves, and
   * a throw of the work afterwards may no longer undo it. What the commit writes, and how it fails, is the
   * same. The engine commits every unit of work so.
   */
  final?: boolean;
}

/** What a store reports back from a commit. */
export interface CommitResult {
  /** Dedupe keys of messages not enqueued because one with the same key exists. */
  duplicateMessages: string[];
}

/** One per-key unit of work (a user, and any shared documents the dispatch touches). */
export interface StoreTransaction {
  /** The outcome recorded under this key (see `RecordedOutcome.key`), if it was committed before. */
  recorded(key: string): Promise<RecordedOutcome | undefined>;
  /**
   * The outcomes recorded under any of `keys`, in one read (a batch asks for all its events at once).
   * Keys never recorded are absent from the map.
   */
  recordedMany(keys: readonly string[]): Promise<Map<string, RecordedOutcome>>;
  /** Reads documents; only keys passed to `transact` may be read. Missing keys are absent from the map. */
  load(keys: readonly string[]): Promise<Map<string, unknown>>;
  /** Reads shared counters (0 when absent). */
  counters(keys: readonly string[]): Promise<Map<string, number>>;
  /** Which of these dedupe keys are already in the outbox. */
  existingMessages(dedupeKeys: readonly string[]): Promise<Set<string>>;
  /**
   * Writes everything at once; at most once per unit of work. Throws `STORE_ERROR` and writes nothing on failure.
   * `options.final`: the unit of work ends with it (see `CommitOptions`).
   */
  commit(write: CommitWrite, options?: CommitOptions): Promise<CommitResult>;
  /**
   * Optional: the same reads and commit, answered synchronously, for a store whose driver answers at once
   * (the memory store; SQLite, whose driver is synchronous). Each method means exactly what its promise-returning twin means and throws what
   * that one rejects with. The engine uses it when present, so a dispatch whose plugins are synchronous
   * makes no promise per store call.
   */
  readonly sync?: SyncStoreTransaction;
}

/** The synchronous face of a `StoreTransaction` (see `StoreTransaction.sync`). */
export interface SyncStoreTransaction {
  /** `StoreTransaction.recorded`, answered at once. */
  recorded(key: string): RecordedOutcome | undefined;
  /** `StoreTransaction.recordedMany`, answered at once. */
  recordedMany(keys: readonly string[]): Map<string, RecordedOutcome>;
  /** `StoreTransaction.load`, answered at once. */
  load(keys: readonly string[]): Map<string, unknown>;
  /**
   * `load` for a writer that keeps the promise of `handedOver` for what it reads: it may write into a document it
   * got only while this unit of work is open, takes every such write back if the unit of work fails (before it
   * ends), and freezes a document (or a copy) before it hands it on. A store that keeps handed-over documents
   * unfrozen hands them out here as they are, and makes a read of one outside the unit of work wait until the
   * unit of work ends (elsewhere it freezes them first). Optional: without it the writer uses `load`.
   */
  loadOwned?(keys: readonly string[]): Map<string, unknown>;
  /** `StoreTransaction.counters`, answered at once. */
  counters(keys: readonly string[]): Map<string, number>;
  /** `StoreTransaction.commit`, answered at once (throws what the twin rejects with). */
  commit(write: CommitWrite, options?: CommitOptions): CommitResult;
}

/** How a worker claims due timers or ready messages: at most `limit` of them, leased for `leaseMs` to `worker`. */
export interface ClaimOptions {
  /** Business time (epoch ms) that decides what is due. */
  now: number;
  /** The most items one claim returns. */
  limit: number;
  /** How long the claim keeps others away; an unfinished item is claimable again afterwards. */
  leaseMs: number;
  /** Who holds the lease (an instance id), for diagnosis. */
  worker: string;
}

/** Which outbox messages `Store.listMessages` returns; every given field must match. */
export interface OutboxFilter {
  userId?: string;
  status?: OutboxStatus;
  kind?: string;
}

/** What else `Store.forgetUser` erases (gathered from the plugins' `forgetUser` plans). */
export interface ForgetOptions {
  /** Dedupe-key prefixes of messages to anyone that quote the forgotten user's text. */
  quotes?: readonly string[];
  /**
   * Prefixes of counter families keyed by user id: a counter whose key starts with one of them and ends with
   * the user id (right after the prefix or after a `:`, see `counterNamesUser`) is renamed to end with the
   * pseudonym, its value added to that counter's when it exists.
   */
  counters?: readonly string[];
}

/**
 * Where an engine keeps its state: user and shared documents, counters, recorded outcomes (exactly-once),
 * timers and the outbox. The memory store, `@engageloop/store-sqlite` and `@engageloop/store-postgres`
 * implement it; a custom store proves itself with `runStoreContract` from `@engageloop/core/contract`.
 */
export interface Store {
  /** What the store is (`memory`, `sqlite`, `postgres`), for diagnosis. */
  readonly kind: string;
  /**
   * Runs `work` as one unit of work holding exclusive locks on `keys` (sorted, so no deadlock):
   * dispatches of the same user are serialised across every app instance sharing the store.
   * `work` may return its result directly or as a promise.
   */
  transact<T>(keys: readonly string[], work: (tx: StoreTransaction) => T | Promise<T>): Promise<T>;
  /** Reads one document outside any unit of work (a consistent committed value). */
  getDocument(key: string): Promise<unknown | undefined>;
  /** Lists committed documents whose key starts with `prefix`, in key order. */
  listDocuments(prefix: string): AsyncIterable<{ key: string; value: unknown }>;
  /** Reads a counter's committed value (0 for a counter never bumped). */
  getCounter(key: string): Promise<number>;
  /**
   * The counters whose key starts with `prefix` (a plain string prefix, as `listDocuments` takes: `likes:`
   * matches `likes:p1` but not `likes2:p1`, and `likes` matches both — end a family's prefix with its
   * separator), highest value first; equal values in ascending key order (code point order: the byte order
   * of the keys' UTF-8, as SQL's binary collations compare); at most `options.limit` of them, after
   * `options.after` when given. A counter that exists lists even at 0; one never written does not. Answered by
   * the store itself (an index on the key serves the prefix), for leaderboards and period contests.
   * Throws `STORE_QUERY_INVALID` for bad options (see `checkTopCounters`).
   *
   * @example
   * const top = await store.topCounters('likes:2026-05:', { limit: 10 });
   * const next = await store.topCounters('likes:2026-05:', { limit: 10, after: top.at(-1) });
   */
  topCounters(prefix: string, options: TopCountersOptions): Promise<CounterEntry[]>;
  /**
   * Record retention: every recorded outcome committed before `options.before` that still has its outcome
   * keeps its key, user, fingerprint and commit time and gets `outcome: null`, its outcome's text freed; at
   * most `options.limit` of them, oldest first. A compacted key still conflicts (`STORE_CONFLICT`) and still
   * answers `recorded` with its fingerprint, so exactly-once and `EVENT_ID_REUSED` hold forever. Returns how
   * many records it compacted (0 when called again: idempotent). Throws `STORE_QUERY_INVALID` for bad options
   * (see `checkCompactRecords`). The engine calls it once per `tick` (`createEngine({ retention })`).
   */
  compactRecords(options: CompactRecordsOptions): Promise<number>;
  /**
   * Outbox retention: every message that finished before `options.before` (sent, dead-lettered or cancelled,
   * its `nextAttemptAt` — the time it finished — earlier) and still holds text gets an empty `body`, `subject: null`,
   * `data: {}` and `lastError: null`; at most `options.limit` of them, oldest first. Its id, dedupe key, user,
   * kind, event, times, status and attempts stay: the dedupe key still keeps a message with the same key from
   * being queued again (reported in `duplicateMessages`), so exactly-once delivery holds forever, and
   * `listMessages` still lists it for aggregate figures. Pending messages are left alone. Returns
   * how many messages it compacted (0 when called again: idempotent). Throws `STORE_QUERY_INVALID` for bad
   * options (see `checkCompactOutbox`). The engine calls it once per `tick` (`createEngine({ retention })`).
   *
   * @example
   * await store.compactOutbox({ before: now - 7 * 86_400_000, limit: 10_000 });
   */
  compactOutbox(options: CompactOutboxOptions): Promise<number>;

  /** Claims due timers (dueAt ≤ now, not leased) for `leaseMs`; each due timer is claimed by one caller. */
  claimTimers(options: ClaimOptions): Promise<TimerRecord[]>;
  /** Lists pending timers (all, or one user's), for inspection and tests. */
  listTimers(filter?: { userId?: string }): Promise<TimerRecord[]>;
  /**
   * Gives back a claimed timer whose dispatch failed: records `attempts` and keeps it from being claimed
   * before `retryAt`. Nothing happens when the timer is gone or is no longer the arming that fired: re-armed
   * meanwhile at another dueAt, or at the same dueAt with another generation (none matches none).
   */
  releaseTimer(release: TimerRelease): Promise<void>;

  /** Claims ready outbox messages (pending, notBefore ≤ now, nextAttemptAt ≤ now, lease free). */
  claimMessages(options: ClaimOptions): Promise<ClaimedMessage[]>;
  /** Marks a claimed message sent. */
  ackMessage(id: string, lease: string, now: number): Promise<void>;
  /** Gives a claimed message back for a later attempt. */
  retryMessage(id: string, lease: string, update: { error: string; nextAttemptAt: number }): Promise<void>;
  /** Moves a claimed message to the dead-letter list with its reason. */
  deadLetterMessage(id: string, lease: string, update: { error: string; now: number }): Promise<void>;
  /** Lists outbox messages with their delivery state, for inspection, reports and tests. */
  listMessages(filter?: OutboxFilter): Promise<OutboxEntry[]>;

  /**
   * Privacy erasure of `userId`, the store's part of `engine.forgetUser` (which first has plugins scrub
   * their shared documents, then calls this with `pseudonym = forgottenUserId(userId, key)`). All or nothing,
   * holding the user's key:
   * - deletes the user's document (`user:<id>`), their timers and their unsent (pending or cancelled) messages;
   * - keeps their sent and dead-lettered messages for aggregate figures, pseudonymised: `userId` becomes
   *   `pseudonym`, every occurrence of the id in the message id, event id and dedupe key is replaced by it
   *   (`pseudonymiseAll`, made unique with `uniqueKey`), body, subject, data and last error are erased;
   * - keeps their recorded outcomes for exactly-once, reduced to `erasedOutcome` under the pseudonym, with the
   *   id replaced in the event id as well (a replay of an event whose id does not contain the user id stays
   *   a duplicate);
   * - pseudonymises (`pseudonymiseJson`) other users' recorded outcomes that mention the id;
   * - erases body, subject and data of every message, to anyone, whose dedupe key starts with one of
   *   `options.quotes` (they quote what the user wrote), cancelling those still pending;
   * - renames the counters of `options.counters` that name the user to the pseudonym (`pseudonymCounterKey`),
   *   merging values into an existing counter of that name;
   * - in pending derived events of other subjects (timers with `derived` set), every payload string equal to
   *   the user id becomes the pseudonym (`pseudonymiseValues`).
   * Repeating it changes nothing more.
   */
  forgetUser(userId: string, pseudonym: string, options?: ForgetOptions): Promise<void>;
  /** Releases the store's resources (connections, file handles); the store is not used afterwards. */
  close(): Promise<void>;
}
