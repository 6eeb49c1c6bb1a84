import { attributesWith, setInPlace } from '../plugin/bags';
import type { UserState } from '../plugin/types';
import { userWith } from '../plugin/user-with';
import { settled, withSlice } from './dispatch-values';

/**
 * The user document as one dispatch makes it (the base of `DispatchState`). The user it starts from (the store's
 * or the batch's) is never changed. The first change makes a working copy (the core plugin's `beforeRules` hands
 * over the new user it made: `adoptUser`); later changes — a plugin's slice, an attribute — are set into that copy
 * while nobody has read it, instead of making a new user (and new slices) each. Reading `user` gives the copy
 * away, and the next change copies again: no one ever sees a user, its slices or its attributes change under
 * them. A failed dispatch's copy is dropped with its state.
 */
export class UserDraft {
  /** The user as this dispatch has made it so far (`user`). */
  protected current: UserState;
  /** `current` when it is the dispatch's working copy: made here (or adopted) and not read since. */
  private ownUser: UserState | undefined;
  /** `ownUser.slices` when this dispatch made that object too: `setSlice` writes into it. */
  private ownSlices: Record<string, unknown> | undefined;
  /**
   * The attributes this dispatch copied and nobody has read since: `setAttribute` writes into them in place.
   * Reading `user` (a hook, an effect, a fact other than an untraced evaluation's) gives them away, and the
   * next write copies again.
   */
  private ownAttributes: Record<string, unknown> | undefined;
  /** Whether every value in `ownAttributes` is a primitive or frozen (the bag was copied from a frozen one). */
  private ownSettled = false;

  /** `tracing`: a trace keeps the values facts read, so a fact's read gives the user away too. */
  constructor(
    user: UserState,
    private readonly tracing: boolean,
  ) {
    this.current = user;
  }

  /** The user as this dispatch has made it so far; whoever reads it may keep it (it is given away). */
  get user(): UserState {
    this.giveAway();
    return this.current;
  }

  set user(next: UserState) {
    this.giveAway();
    this.current = next;
  }

  /**
   * Takes `next` as the user and as the working copy: the caller made it (a fresh object, whose slices and
   * attributes need not be) and keeps no reference to it.
   */
  adoptUser(next: UserState): void {
    this.giveAway();
    this.current = next;
    this.ownUser = next;
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
   * `core.setAttribute`: sets (`null`: removes) one user attribute. The first change copies the attributes (as
   * `attributesWith` does); later ones go into that copy while nobody has read it (dictionaries only: an ordinary
   * bag's layout depends on its keys, `withEntry` copies it again).
   */
  setAttribute(key: string, value: unknown): void {
    const bag = this.current.attributes;
    if (bag === this.ownAttributes && setInPlace(bag, key, value)) {
      this.ownSettled &&= settled(value);
      return;
    }
    const next = attributesWith(bag, key, value);
    if (next === bag) return;
    this.working().attributes = next;
    this.ownAttributes = next;
    this.ownSettled = settled(value) && Object.isFrozen(bag);
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

  /** The user to write once the pipeline is over (given away like `user`). */
  protected published(): UserState {
    const user = this.current;
    // Attributes only this dispatch has seen, made of frozen values: frozen here, where that is known, so a
    // store that freezes what it keeps (`freezeJson`) does not visit every attribute again.
    if (this.ownSettled && user.attributes === this.ownAttributes) Object.freeze(user.attributes);
    return this.user;
  }

  /** Someone may now hold the user: the next change copies it (and its attributes, its slices) again. */
  private giveAway(): void {
    this.ownAttributes = undefined;
    this.ownUser = undefined;
    this.ownSlices = undefined;
  }

  /** The working copy: `current` when it is one, else a new user made from it. */
  private working(): UserState {
    const user = this.current;
    if (user === this.ownUser) return user;
    const copy = userWith(user, {});
    this.current = copy;
    this.ownUser = copy;
    this.ownSlices = undefined;
    return copy;
  }
}
