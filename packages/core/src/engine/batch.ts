import { EngageLoopError, toEngageLoopError } from '../errors/error';
import { validatedFingerprint } from '../event/fingerprint';
import type { ValidatedEvent } from '../event/types';
import type {
  CommitOptions,
  CommitResult,
  CounterEntry,
  RecordedOutcome,
  Store,
  StoreTransaction,
  SyncStoreTransaction,
  TimerCompletion,
} from '../store/types';
import { isThenable } from '../thenable';
import { type BatchItem, settleAll, storeFailed } from './batch-settle';
import { BatchState } from './batch-state';
import { CUT, type Ran, runSlot } from './dispatch';
import type { RunContext, Slot } from './dispatch-types';
import { undoneOnThrow } from './in-place-log';
import { pluginError } from './plugin-driver';
import { addTops, loadTops, topsOf } from './tops';

/** A batch's unit of work: the same for each of its transactions. */
export interface BatchInput extends RunContext {
  readonly store: Store;
}

const NO_COUNTERS: ReadonlyMap<string, number> = new Map();
const NO_KEYS: readonly string[] = [];
const NOTHING_WRITTEN: CommitResult = { duplicateMessages: [] };
/**
 * A unit of work ends with its commit (what follows it only builds the items): the store may end its database
 * transaction in the commit's own round trip (PostgreSQL: two round trips per unit of work instead of three).
 */
const FINAL: CommitOptions = { final: true };

/** Adds `more` to a sorted, duplicate-free key list. */
function addKeys(into: readonly string[], more: readonly string[] | undefined): readonly string[] {
  if (!more || more.length === 0) return into;
  return [...new Set([...into, ...more])].sort();
}

/**
 * One event of a batch, with its keys: its user's document, its record, its fingerprint, and the documents and
 * counters its plugins' `prepare` hooks name. A `prepare` that throws fails the event before the unit of work:
 * it will not run (its failure path still answers).
 */
export function slotOf(run: RunContext, event: ValidatedEvent, now: number, timer?: TimerCompletion): Slot {
  const user = event.subject;
  // What the `prepare` hooks named: `undefined` (the usual case) when none named anything, or one threw.
  let named: Named | undefined;
  let prepareError: EngageLoopError | undefined;
  const entries = run.runtime.hooks.prepare;
  if (entries.length > 0) {
    try {
      named = prepared(run, event, user);
    } catch (error) {
      prepareError = error as EngageLoopError;
    }
  }
  return new BatchSlot(
    event,
    now,
    user,
    run.recordKeyOf(event),
    event.source === 'event' ? validatedFingerprint(event) : undefined,
    named?.docs,
    named ? named.counters : NO_KEYS,
    named?.tops,
    event.depth !== undefined && event.depth > run.maxDerivedDepth
      ? new EngageLoopError('DERIVED_DEPTH_EXCEEDED', {
          data: { eventId: event.id, cause: event.cause, depth: event.depth, maxDepth: run.maxDerivedDepth },
        })
      : undefined,
    prepareError,
    timer,
  );
}

/**
 * A `Slot`, made by `new`: every slot has the same fields in the same order (one hidden class), and no allocation
 * site. A batch makes its slots before it runs and holds them all until it settles, so a collection meets them
 * alive: V8 then pretenured an object literal's site (old generation), and every slot after it, dead as soon as
 * its batch settled, kept its record key and fingerprint alive through each young-generation collection (an old
 * object's references are roots there) until the next full one, and had them promoted.
 */
class BatchSlot implements Slot {
  constructor(
    readonly event: ValidatedEvent,
    readonly now: number,
    readonly userKey: string,
    readonly recordKey: string,
    readonly fingerprint: string | undefined,
    readonly docs: readonly string[] | undefined,
    readonly counters: readonly string[],
    readonly tops: ReadonlyMap<string, number> | undefined,
    readonly depthError: EngageLoopError | undefined,
    readonly prepareError: EngageLoopError | undefined,
    readonly timer: TimerCompletion | undefined,
  ) {}
}

/** What an event's `prepare` hooks name: documents and counters (sorted, no duplicates) and leaderboards. */
interface Named {
  docs: readonly string[];
  counters: readonly string[];
  tops: Map<string, number> | undefined;
}

/**
 * Calls every plugin's `prepare` for `event` and gathers what they name, with the subject's document `user`:
 * `undefined` when none names anything. A throw is `PLUGIN_ERROR`.
 */
function prepared(run: RunContext, event: ValidatedEvent, user: string): Named | undefined {
  let named: Named | undefined;
  const policy = run.runtime.policy;
  const entries = run.runtime.hooks.prepare;
  // Indexed, as every per-event loop: a for…of's iterator results are not always elided.
  for (let i = 0; i < entries.length; i++) {
    const { plugin, fn } = entries[i] as (typeof entries)[number];
    let more: ReturnType<typeof fn>;
    try {
      more = fn({ event, policy, settings: policy.settings[plugin.name] });
      if (more) {
        named = {
          docs: addKeys(named ? named.docs : [user], more.docs),
          counters: addKeys(named ? named.counters : NO_KEYS, more.counters),
          tops: more.tops ? addTops(named?.tops ?? new Map(), more.tops) : named?.tops,
        };
      }
    } catch (thrown) {
      throw pluginError(thrown, plugin.name, 'prepare');
    }
  }
  return named;
}

/**
 * Runs a batch of events, in order, in one unit of work: one `transact` over every document they name, one read
 * of their records, documents and counters, each event over what the earlier ones left, and one commit. Only
 * when an event cancels a message an earlier event of the batch queued does the batch commit before it and go on
 * in a second unit of work. A store failure fails the events of its unit of work, and nothing of them is written.
 * `done` gets one item per slot, in order; what it returns is what the promise resolves to (one continuation
 * per unit of work, none per event).
 */
export function runBatch<R>(
  input: BatchInput,
  slots: readonly Slot[],
  done: (items: BatchItem[]) => R,
): Promise<R> {
  return unitOfWork(input, slots, 0, new Array(slots.length), done);
}

/** `then(value, next)`: `next(value)` at once, or after the promise settles (a promise only when one was given). */
function then<T, R>(value: T | PromiseLike<T>, next: (value: T) => R | Promise<R>): R | Promise<R> {
  return isThenable(value) ? Promise.resolve(value).then(next) : next(value as T);
}

/** The sorted, duplicate-free union of `pick(slot)` (a list, or one key) over `slots[from..]`. */
function unionOf(
  slots: readonly Slot[],
  from: number,
  pick: (slot: Slot) => readonly string[] | string,
): readonly string[] {
  if (slots.length - from === 1) {
    const only = pick(slots[from] as Slot);
    return typeof only === 'string' ? [only] : only;
  }
  const keys = new Set<string>();
  for (let i = from; i < slots.length; i++) {
    const picked = pick(slots[i] as Slot);
    if (typeof picked === 'string') keys.add(picked);
    else for (const key of picked) keys.add(key);
  }
  return keys.size === 0 ? NO_KEYS : [...keys].sort();
}

/**
 * The records of the unit of work's events, in one read: `recordedMany`, or for a single event `recorded` (a
 * store may answer that one with the unit of work's first round trip, as PostgreSQL's open call does).
 */
function recordedOf(
  io: StoreTransaction | SyncStoreTransaction,
  keys: readonly string[],
): ReadonlyMap<string, RecordedOutcome> | Promise<ReadonlyMap<string, RecordedOutcome>> {
  if (keys.length !== 1) return io.recordedMany(keys);
  const key = keys[0] as string;
  return then(io.recorded(key), (found) => (found === undefined ? NO_RECORDS : new Map([[key, found]])));
}

const NO_RECORDS: ReadonlyMap<string, RecordedOutcome> = new Map();

const docsOf = (slot: Slot) => slot.docs ?? slot.userKey;
const countersOf = (slot: Slot) => slot.counters;

/** One unit of work over `slots[from..]`: fills their items, then goes on where it stopped, or calls `done`. */
function unitOfWork<R>(
  input: BatchInput,
  slots: readonly Slot[],
  from: number,
  items: BatchItem[],
  done: (items: BatchItem[]) => R,
): Promise<R> {
  const docs = unionOf(slots, from, docsOf);
  const counters = unionOf(slots, from, countersOf);
  const records: string[] = new Array(slots.length - from);
  for (let i = from; i < slots.length; i++) records[i - from] = (slots[i] as Slot).recordKey;
  const ran: Array<Ran | undefined> = [];
  let end = slots.length;
  const next = (): R | Promise<R> =>
    end < slots.length ? unitOfWork(input, slots, end, items, done) : done(items);
  const wanted = topsOf(slots, from);
  if (wanted) {
    return loadTops(input.store, wanted).then(
      (tops) => work(tops),
      (thrown: unknown) => {
        const error = toEngageLoopError(thrown, 'STORE_ERROR');
        for (let i = from; i < end; i++) items[i] = storeFailed(slots[i] as Slot, undefined, error, thrown);
        return done(items);
      },
    );
  }
  return work(undefined);

  function work(tops: ReadonlyMap<string, readonly CounterEntry[]> | undefined): Promise<R> {
    return input.store
      .transact(docs, (tx) => {
        const io: StoreTransaction | SyncStoreTransaction = tx.sync ?? tx;
        // The engine's own users come back unfrozen from a store that keeps them so (`loadOwned`).
        const owned = 'loadOwned' in io ? io.loadOwned : undefined;
        return then(recordedOf(io, records), (recorded) =>
          then(owned ? owned.call(io, docs) : io.load(docs), (loaded) =>
            then(counters.length === 0 ? NO_COUNTERS : io.counters(counters), (counted) => {
              const batch = new BatchState(loaded, counted, tops, owned !== undefined);
              return undoneOnThrow(batch, () =>
                then(runFrom(input, batch, slots, from, from, recorded, ran), (stop) => {
                  end = stop;
                  const write = batch.empty ? NOTHING_WRITTEN : io.commit(batch.toCommitWrite(), FINAL);
                  return then(write, (result) => settleAll(batch, slots, from, end, ran, result, items));
                }),
              );
            }),
          ),
        );
      })
      .then(next, (thrown: unknown) => {
        const error = toEngageLoopError(thrown, 'STORE_ERROR');
        for (let i = from; i < end; i++)
          items[i] = storeFailed(slots[i] as Slot, ran[i - from], error, thrown);
        return next();
      });
  }
}

/** Runs `slots[i..]` in order over the batch; returns where the batch ends (a cut, or the end). */
function runFrom(
  input: BatchInput,
  batch: BatchState,
  slots: readonly Slot[],
  from: number,
  i: number,
  recorded: ReadonlyMap<string, RecordedOutcome>,
  ran: Array<Ran | undefined>,
): number | Promise<number> {
  for (; i < slots.length; i++) {
    const slot = slots[i] as Slot;
    // A leaderboard is read as loaded: an event reading one an earlier event changed runs in the next unit of work.
    if (slot.tops && i > from && batch.changedUnder(slot.tops.keys())) return i;
    // Most units of work read no record: the key is not hashed for an empty map (see `BatchState.recorded`).
    const stored = recorded.size === 0 ? undefined : recorded.get(slot.recordKey);
    const result = runSlot(input, batch, slot, stored);
    if (result instanceof Promise) {
      const at = i;
      return result.then((r) => {
        if (r === CUT) return at;
        ran[at - from] = r;
        return runFrom(input, batch, slots, from, at + 1, recorded, ran);
      });
    }
    if (result === CUT) return i;
    ran[i - from] = result;
  }
  return i;
}
