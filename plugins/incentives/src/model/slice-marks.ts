import { extendsLedger } from '../ledger/last-id';
import { earliestEntryAt } from '../ledger/ledger-index';
import { foldedFirstAt } from '../ledger/recent-awards';
import type { IncentivesSettings, TierSettings } from '../settings-types';
import type { IncentivesState, StoredEntry } from '../types';
import { earliestOf, MAX_RECENT } from './contributions';

/*
 * Facts about one slice object, kept on it in a private field (which JSON, spreads, reflection, stores and
 * equality checks do not see), as the ledger's index is kept on its entries. Slices are never changed in
 * place: a changed slice is a new object, without them. A store that keeps the slice it was given (the
 * memory store) hands the same object to the user's next dispatch, most of which change nothing of it
 * (about 140,000 of 200,000 on the shipped e-commerce policy): the hooks then read these facts instead of
 * the ledger, the checkpoints and the contributions (cold in the cache by then) on every dispatch.
 */

/**
 * The facts of one slice, in one object in one private field: a slice an award left gets several facts, and a second
 * fact is a field set on the first one's object.
 */
interface Marks {
  /** The tier settings with which a review of the slice from `quietFrom` on returns it (`markQuiet`). */
  quiet: TierSettings | undefined;
  /** See `quiet`. */
  quietFrom: number;
  /**
   * The settings with which housekeeping (`housekeep`) is known to change nothing at requested times before
   * `keptUntil` (`markKept`). Kept in the marks object rather than one of its own: a dispatch reads them from the
   * slice a previous one left, cold in the cache, and each object more is one more miss.
   */
  keptSettings: IncentivesSettings | undefined;
  /** See `keptSettings` (-Infinity: nothing is kept). */
  keptUntil: number;
  /** The tier settings whose points score `scoreBound` bounds (`markScoreBound`). */
  scored: TierSettings | undefined;
  /** What `boundedScore` gives for the slice at times from `boundFrom` on (`markScoreBound`). */
  scoreBound: number;
  /** See `scoreBound`. */
  boundFrom: number;
  /** The ledger `idHashes` are those of: the slice's, when they are current (`markLedgerIds`). */
  idEntries: readonly StoredEntry[] | undefined;
  /** The id hashes of `idEntries`, the first `idEntries.length` items (`markLedgerIds`). */
  idHashes: number[] | undefined;
}

/** A base class whose constructor returns the object it is given: a subclass then adds its fields to that object. */
class Given {
  constructor(target: object) {
    // biome-ignore lint/correctness/noConstructorReturn: the subclass's private field is added to `target`.
    return target;
  }
}

/**
 * The marks of slices, in a private field added to the slice (`new SliceMarks(slice, marks)`, a store through
 * V8's inline caches): a non-enumerable property defined by `Object.defineProperty` is a runtime call (about
 * 0.3 µs), made on nearly every slice a dispatch changes. Only this class reads or writes the field.
 */
class SliceMarks extends Given {
  #marks: Marks;

  private constructor(state: IncentivesState, marks: Marks) {
    super(state);
    this.#marks = marks;
  }

  /** The marks of `state`, if any. */
  static of(state: IncentivesState): Marks | undefined {
    return #marks in state ? (state as SliceMarks).#marks : undefined;
  }

  /** Gives `state` (extensible, without marks) these marks. */
  static add(state: IncentivesState, marks: Marks): void {
    new SliceMarks(state, marks);
  }
}

const marksOf = SliceMarks.of;

/**
 * The facts object of a slice not frozen yet, made for it when it has none, to set a fact on (a frozen one keeps
 * none: undefined, the fact is then computed as before). A slice may be marked again with a later fact: a store that
 * does not freeze what it is given (PostgreSQL, SQLite) hands the same object to the user's next dispatch in a
 * batch, whose housekeeping then marks it again. A slice's facts object is its own (never shared with another
 * slice), so it is changed in place. Each caller sets its fact by name: a store by a key that varies takes V8's
 * generic path.
 */
function marksFor(state: IncentivesState): Marks | undefined {
  return Object.isExtensible(state) ? marksOfExtensible(state) : undefined;
}

/**
 * `marksFor` of a slice the caller found extensible (`Object.isExtensible`, a call into the runtime of about 150
 * instructions), nothing that could freeze it run since.
 */
function marksOfExtensible(state: IncentivesState): Marks {
  const marks = marksOf(state);
  if (marks !== undefined) return marks;
  const fresh: Marks = {
    quiet: undefined,
    quietFrom: Number.POSITIVE_INFINITY,
    keptSettings: undefined,
    keptUntil: Number.NEGATIVE_INFINITY,
    scored: undefined,
    scoreBound: 0,
    boundFrom: Number.POSITIVE_INFINITY,
    idEntries: undefined,
    idHashes: undefined,
  };
  SliceMarks.add(state, fresh);
  return fresh;
}

/**
 * Marks `state` as one a review with these tier settings returns as it is at any time from `from` on inside its
 * tier's quiet span (`checkedAt` to `reviewAt`): a review at `from` returned it, for reasons that hold later too.
 */
export function markQuiet(state: IncentivesState, tiers: TierSettings, from: number): void {
  const marks = marksFor(state);
  if (marks === undefined) return;
  marks.quiet = tiers;
  marks.quietFrom = from;
}

/**
 * `markScoreBound` (when `bound` is given) and `markQuiet` at once, the marks looked for once: a review at `from`
 * returned `state`, its score bounded by `bound`.
 */
export function markQuietBound(
  state: IncentivesState,
  tiers: TierSettings,
  bound: number | undefined,
  from: number,
): void {
  const marks = marksFor(state);
  if (marks === undefined) return;
  if (bound !== undefined) {
    marks.scored = tiers;
    marks.scoreBound = bound;
    marks.boundFrom = from;
  }
  marks.quiet = tiers;
  marks.quietFrom = from;
}

/**
 * Marks `state` with `bound`, what `boundedScore` gives for it at `from`: the points score it computed, or the one
 * a review stored in the tier plus the awards appended since, valid at any later time too (awards only leave the
 * window). See `boundedScore`.
 */
export function markScoreBound(
  state: IncentivesState,
  tiers: TierSettings,
  bound: number,
  from: number,
): void {
  const marks = marksFor(state);
  if (marks === undefined) return;
  marks.scored = tiers;
  marks.scoreBound = bound;
  marks.boundFrom = from;
}

/**
 * Marks `state`, which the caller found extensible (`markIdHashes`, before it computed the hashes), with the id
 * hashes of its ledger (see `ledger/id-hashes`): the first `state.entries.length` items of `hashes`, an array the
 * ledgers appended to it may extend past them.
 */
export function markLedgerIds(state: IncentivesState, hashes: number[]): void {
  const marks = marksOfExtensible(state);
  marks.idHashes = hashes;
  marks.idEntries = state.entries;
}

/** The id hashes `markLedgerIds` left on `state`, when they are those of its ledger (its first items). */
export function ledgerIdsOf(state: IncentivesState): number[] | undefined {
  const marks = marksOf(state);
  return marks !== undefined && marks.idEntries === state.entries ? marks.idHashes : undefined;
}

/** The bound `markScoreBound` left on `state` for these tier settings, if valid at `t`. */
export function scoreBoundOf(state: IncentivesState, tiers: TierSettings, t: number): number | undefined {
  const marks = marksOf(state);
  return marks !== undefined && marks.scored === tiers && t >= marks.boundFrom ? marks.scoreBound : undefined;
}

/** Whether `state` is marked (`markQuiet`) as one a review with these tier settings at `t` returns as it is. */
export function quietAt(state: IncentivesState, tiers: TierSettings, t: number): boolean {
  const marks = marksOf(state);
  return marks !== undefined && marks.quiet === tiers && t >= marks.quietFrom;
}

/**
 * Whether the housekeeping of `state` at `requested` with `settings` (folding, pruning of folded awards,
 * usage and contributions) is known to change nothing (`markKept`).
 */
export function keptAt(state: IncentivesState, settings: IncentivesSettings, requested: number): boolean {
  const marks = marksOf(state);
  return marks !== undefined && marks.keptSettings === settings && requested < marks.keptUntil;
}

/**
 * Whether the housekeeping of `state` at `requested` changes nothing because `loaded` (the slice the dispatch
 * started from) is kept (`keptAt`) and `state` only appended entries to it, none before the kept time: the same
 * checkpoints, usage and contributions, and `loaded`'s entries as the first of its own. Nothing appended then
 * folds, and the earliest entry, folded award and contribution are where they were. When so, `state` is marked
 * with `loaded`'s mark (the same object): the award after which a review left a new slice reads no entry for it.
 * `memo` (the dispatch's) tells when this dispatch's awards appended them (`extendsLedger`): the ledgers are then
 * not compared item by item.
 */
export function keptAfterAppends(
  state: IncentivesState,
  loaded: IncentivesState | undefined,
  settings: IncentivesSettings,
  requested: number,
  memo?: Record<string, unknown>,
): boolean {
  if (loaded === undefined || !keptAt(loaded, settings, requested)) return false;
  if (state.opening !== loaded.opening || state.usage !== loaded.usage || state.recent !== loaded.recent)
    return false;
  const before = loaded.entries;
  const after = state.entries;
  if (!extendsLedger(memo, before, after)) return false;
  const until = marksOf(loaded)!.keptUntil;
  for (let i = before.length; i < after.length; i++) if (!(after[i]!.at >= until)) return false;
  const marks = marksFor(state);
  if (marks !== undefined) {
    marks.keptSettings = settings;
    marks.keptUntil = until;
  }
  return true;
}

/**
 * Whether `state` was left by a housekeeping with `settings` (`markKept`): its usage holds only keys of these
 * settings' caps, and so does any usage a dispatch derives from it (awards record under these caps, revokes
 * release keys already there).
 */
export const usagePruned = (state: IncentivesState, settings: IncentivesSettings): boolean =>
  marksOf(state)?.keptSettings === settings;

/**
 * Marks `state`, which a housekeeping with `settings` left as it was or returned, with the requested time
 * before which another changes nothing: no entry at or before it (no fold), no folded award leaving the
 * score window (`windowMs` of the score's `wallet`; another wallet's folded awards go at once), no
 * contribution before it and no more than are kept. Usage is pruned whatever the time: it was.
 */
export function markKept(
  state: IncentivesState,
  settings: IncentivesSettings,
  scored?: {
    wallet: string;
    windowMs: number;
  },
): void {
  if (!Object.isExtensible(state)) return;
  let until = earliestEntryAt(state.entries);
  const opening = state.opening;
  for (const wallet in opening) {
    // biome-ignore lint/suspicious/noPrototypeBuiltins: V8 drops this call inside the for…in (see the core's plugin/bags.ts)
    if (!Object.prototype.hasOwnProperty.call(opening, wallet)) continue;
    const recent = opening[wallet]!.recent;
    if (recent === undefined) continue;
    const first = foldedFirstAt(recent);
    if (scored === undefined || wallet !== scored.wallet || first === undefined) return;
    // Pruned once `requested - windowMs >= first`: before `first + windowMs` when that sum is exact.
    const leaves = first + scored.windowMs;
    if (leaves - scored.windowMs !== first) return;
    if (leaves < until) until = leaves;
  }
  const recent = state.recent;
  if (recent !== undefined) {
    if (recent.length > MAX_RECENT) return;
    // Trimmed once `requested` is past the earliest (NaN: never marked).
    const earliest = earliestOf(recent);
    if (!(earliest < until)) {
      if (Number.isNaN(earliest)) return;
    } else until = earliest;
  }
  if (!(until > -Infinity)) return;
  const marks = marksFor(state);
  if (marks === undefined) return;
  marks.keptSettings = settings;
  marks.keptUntil = until;
}
