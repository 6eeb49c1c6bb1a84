import {
  type BagLayout,
  copyOf,
  keepsLayout,
  setInPlace,
  withChangedEntry,
  withoutEntry,
} from '../plugin/bags';
import type { UserState } from '../plugin/types';
import { userCopy } from '../plugin/user-with';
import type { UserBag, UserMove } from '../plugin/user-writer';
import { freezeJson } from '../store/freeze';
import { settled, withSlice } from './dispatch-values';
import type { InPlaceLog } from './in-place-log';

/**
 * Freezes `value` (a JSON value) in place, all the way down; false when it is not JSON data (nothing thrown). A frozen
 * value is left by `freezeJson`'s own first test (an `Object.isFrozen` here made two calls of an unfrozen one).
 */
function frozeAll(value: unknown, where: string): boolean {
  if (typeof value !== 'object' || value === null) return true;
  try {
    freezeJson(value, where);
    return true;
  } catch {
    return false;
  }
}

/** The bags `setEntry` writes, and how a copy of each is laid out (`withEntry`). */
const LAYOUTS: Readonly<Record<UserBag, BagLayout>> = { attributes: 'attributes', counts: 'sorted' };
const USER_BAGS: readonly UserBag[] = ['attributes', 'counts'];

/** A user seen as its bags (a count is one JSON value among others). */
type WithBags = Record<UserBag, Record<string, unknown>>;

/** Whether the unit of work wrote into one of `user`'s bags in place (a write it may still undo). */
function holdsABag(log: InPlaceLog, user: UserState): boolean {
  return log.holds(user.attributes) || log.holds(user.counts);
}

/**
 * The user document as one dispatch makes it (the base of `DispatchState`). The user it starts from (the store's
 * or the batch's) is never changed, except for the attributes and counts of the engine's own user (`clean`),
 * which `setEntry` writes into in place with the unit of work's `InPlaceLog` (undone if the event fails, or
 * the commit; a user handed out holds a copy). The first change makes a working copy (the core plugin's `beforeRules` hands
 * over the new user it made: `moveUser`); later changes — a plugin's slice, an attribute — are set into that copy
 * while nobody has read it, instead of making a new user (and new slices) each. Reading `user` gives the copy
 * away, and the next change copies again: no one ever sees a user, its slices or its attributes change under
 * them. A failed dispatch's copy is dropped with its state, its writes in place undone.
 */
export abstract class UserDraft {
  /** The user as this dispatch has made it so far (`user`). */
  protected current: UserState;
  /** `current` when it is the dispatch's working copy: made here (or adopted) and not read since. */
  private ownUser: UserState | undefined;
  /** `ownUser.slices` when this dispatch made that object too: `setSlice` writes into it. */
  private ownSlices: Record<string, unknown> | undefined;
  /**
   * The attributes this dispatch copied and nobody has read since: `setEntry` writes into them in place.
   * Reading `user` (a hook, an effect, a fact other than an untraced evaluation's) gives them away, and the
   * next write copies again.
   */
  private ownAttributes: Record<string, unknown> | undefined;
  /** Whether every value in `ownAttributes` is a primitive or frozen (the bag was copied from a clean one). */
  private ownSettled = false;
  /**
   * Whether the user is the engine's own: every unfrozen object in it is the user object, its `counts`,
   * `attributes` or `slices` (made by this batch's dispatches, or handed over to the store and loaded back with
   * `loadOwned`), which no one outside the engine holds, and everything else in it is frozen. A user a plugin
   * set (`ctx.setUser`) is not.
   */
  private clean: boolean;
  /**
   * Set by `published`: the user written is the engine's own (`clean`), so the store may keep it unfrozen
   * (`CommitWrite` `handedOver`).
   */
  protected handedOver = false;

  /** Whether a trace keeps the values facts read: a fact's read then gives the user away too. */
  protected abstract get tracing(): boolean;
  /** The unit of work's writes in place, when it makes them. */
  protected abstract get log(): InPlaceLog | undefined;

  /** `clean`: `user` is the engine's own (see `clean`). */
  constructor(user: UserState, clean: boolean) {
    this.current = user;
    this.clean = clean;
  }

  /**
   * The user as this dispatch has made it so far; whoever reads it may keep it (it is given away, frozen: no one
   * holds an unfrozen part of the engine's own user).
   */
  get user(): UserState {
    this.giveAway();
    return this.current;
  }

  set user(next: UserState) {
    this.giveAway();
    this.current = next;
    // A plugin's user: what is unfrozen in it may be the plugin's.
    this.clean = false;
  }

  /**
   * Takes `move(user, event)` as the user and as the working copy (`move` makes a fresh object, whose slices and
   * attributes need not be, keeps the user's counts and no reference to it or to the user it is given), and sets
   * `counts[key]` one more as `setEntry` sets it: one read of the count, where a closure reading it and `setEntry`
   * reading it again made two. A new user, not the move written into the engine's own one in place (logged as a
   * bag's entries are): that cost more CPU (A/B 1.037–1.058 on the kernel part, issue 20), its log writes storing
   * young values (a time, a profile) into an old user, where a young user object is one bump allocation.
   */
  moveUser<E>(move: UserMove<E>, event: E, key: string): void {
    // Attributes this dispatch set values into that are not all frozen yet: `published` would no longer know.
    if (this.ownAttributes !== undefined && !this.ownSettled) this.clean = false;
    this.dropOwnership();
    const counts = this.current.counts as Record<string, unknown>;
    const old = counts[key];
    const next = move(this.current, event);
    this.current = next;
    this.ownUser = next;
    this.setRead('counts', counts, key, ((old as number | undefined) ?? 0) + 1, old);
  }

  /**
   * The user for the facts of an evaluation: what `user` gives, except that the dispatch keeps its working copy
   * (the values read are compared and dropped before the next effect runs), unless a trace keeps them.
   */
  userForFacts(): UserState {
    if (this.tracing) this.giveAway();
    return this.current;
  }

  /**
   * Sets (`null`: removes) one entry of the user's attributes (`core.setAttribute`) or counts (the core plugin's
   * `beforeRules`). The engine's own bag (no one outside holds it) takes a changed or new value itself, the write
   * logged (a failed event, a failed commit undo it), when the bag is a dictionary or the write keeps an ordinary
   * bag's layout (an undone new key was the last one): see `writesInPlace`. Else the first change copies the bag
   * (as `withEntry` lays it out), and later ones go into the attributes' copy while nobody has read it (a dictionary
   * always; an ordinary bag when the write keeps its layout; else it is copied again).
   */
  setEntry(name: UserBag, key: string, value: unknown): void {
    const bag = this.current[name] as Record<string, unknown>;
    this.setRead(name, bag, key, value, bag[key]);
  }

  /** `setEntry` of `bag` (the user's `name`), `old` read from it (`bag[key]`). */
  private setRead(
    name: UserBag,
    bag: Record<string, unknown>,
    key: string,
    value: unknown,
    old: unknown,
  ): void {
    // Rule values are literals: most writes repeat the value the bag holds (an inherited member is never JSON).
    if (old === value && value !== null && value !== undefined) return;
    if (bag === this.ownAttributes && setInPlace(bag, key, value)) {
      this.ownSettled &&= settled(value);
      return;
    }
    const log = this.log;
    if (log !== undefined && this.writesInPlace(bag, key, value)) {
      log.set(bag, key, value, old);
      return;
    }
    // `old` (= `bag[key]`) is not `value` here (the same value returned above): `withEntry`'s own test is skipped.
    const next = value === null ? withoutEntry(bag, key) : withChangedEntry(bag, key, value, LAYOUTS[name]);
    if (next === bag) return;
    (this.working() as WithBags)[name] = next;
    if (name !== 'attributes') return;
    this.ownAttributes = next;
    this.ownSettled = settled(value) && (this.clean || Object.isFrozen(bag));
  }

  /**
   * Whether setting `key` to `value` in `bag` itself is safe to log and undo: the bag is the engine's own, the value
   * is no removal (an undone removal would put the key back last) and settled, and the write leaves the bag as
   * `withEntry` lays out a copy.
   */
  private writesInPlace(bag: Record<string, unknown>, key: string, value: unknown): boolean {
    return this.clean && value !== null && settled(value) && !Object.isFrozen(bag) && keepsLayout(bag, key);
  }

  /**
   * Sets a plugin's slice: into the working copy's slices when this dispatch made them (a new plugin's key goes
   * last, where `withSlice` puts it), else into a copy of them (`withSlice`).
   */
  setSlice(plugin: string, next: unknown): void {
    const user = this.working();
    const slices = user.slices;
    if (slices === this.ownSlices && plugin !== '__proto__') {
      slices[plugin] = next;
      return;
    }
    const copy = withSlice(slices, plugin, next);
    user.slices = copy;
    this.ownSlices = copy;
  }

  /**
   * The user to write once the pipeline is over; `handedOver` says whether it is the engine's own. Then its
   * containers stay unfrozen (the store freezes them before it hands them out); the rest of it is frozen here.
   */
  protected published(): UserState {
    const user = this.current;
    const own = user.attributes === this.ownAttributes;
    this.handedOver = this.clean && this.frozeTheRest(user, own);
    // Else attributes only this dispatch has seen, made of frozen values, are frozen here, where that is known,
    // so a store that freezes what it keeps (`freezeJson`) does not visit every attribute again.
    if (!this.handedOver && this.ownSettled && own) Object.freeze(user.attributes);
    this.dropOwnership();
    return user;
  }

  /**
   * Freezes what in the engine's own `user` is not one of its containers: its profile, its slices' values, the
   * attributes' values (`own`: the attributes are this dispatch's copy). False when one is not JSON data (the
   * store's commit refuses it).
   */
  private frozeTheRest(user: UserState, own: boolean): boolean {
    if (!frozeAll(user.profile, 'profile')) return false;
    const { slices, attributes } = user;
    // Slices this dispatch made (`ownSlices`, dropped before anything is given away and frozen) are not frozen.
    if (slices === this.ownSlices || !Object.isFrozen(slices))
      for (const name in slices) if (!frozeAll(slices[name], name)) return false;
    if (own && !this.ownSettled && !Object.isFrozen(attributes))
      for (const key in attributes) if (!frozeAll(attributes[key], key)) return false;
    return true;
  }

  /**
   * Someone may now hold the user: it is frozen (the engine's own user has unfrozen containers), and the next
   * change copies it (and its attributes, its slices) again.
   */
  private giveAway(): void {
    this.dropOwnership();
    if (!this.clean) return;
    // Bags written in place may be undone: the user handed out holds copies.
    const { log } = this;
    if (log !== undefined && holdsABag(log, this.current)) {
      const user = this.working() as WithBags;
      for (const name of USER_BAGS) if (log.holds(user[name])) user[name] = copyOf(user[name]);
      this.dropOwnership();
    }
    // A user that is not JSON data stays as it is (the store's commit refuses it), and is no longer clean.
    if (!frozeAll(this.current, 'user')) this.clean = false;
  }

  /** The next change copies the user (and its attributes, its slices) again. */
  private dropOwnership(): void {
    this.ownAttributes = undefined;
    this.ownUser = undefined;
    this.ownSlices = undefined;
  }

  /** The working copy: `current` when it is one, else a new user made from it. */
  private working(): UserState {
    const user = this.current;
    if (user === this.ownUser) return user;
    const copy = userCopy(user);
    this.current = copy;
    this.ownUser = copy;
    this.ownSlices = undefined;
    return copy;
  }
}

/**
 * The engine's own user document `value` (under `key`) frozen for a plugin that reads it as a document: in
 * place, or as a copy when its attributes hold writes the unit of work may still undo (`log`).
 */
export function handedOut(value: unknown, key: string, log: InPlaceLog | undefined): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const user = value as UserState;
  if (log === undefined || !holdsABag(log, user)) return freezeJson(value, 'document', key);
  const copy: WithBags = { ...user };
  for (const name of USER_BAGS) if (log.holds(copy[name])) copy[name] = copyOf(copy[name]);
  return freezeJson(copy, 'document', key);
}
