import type { UserState } from './types';

/** The bags of a user the engine's contexts set one entry of: `core.setAttribute`'s and the event counts. */
export type UserBag = 'attributes' | 'counts';

/**
 * The member through which the core plugin sets one entry of a user's attributes (`core.setAttribute`) or counts
 * (`beforeRules`) on the engine's contexts: the dispatch writes it into the engine's own bag in place, or into
 * its one copy of the bag (see `UserDraft.setEntry`), instead of a new bag per write.
 */
export const SET_ENTRY: unique symbol = Symbol('setEntry');

/**
 * The member through which the core plugin's `beforeRules` moves the user by an event in one step: the dispatch
 * takes the new user `move` makes (first/last seen, profile) as its working copy — the entries, slices and
 * attributes its hooks and effects set later go into it instead of into a new user each — and counts the event
 * (`counts[key]` one more, set as `SET_ENTRY` sets an entry), reading the count once (see `UserDraft.moveUser`).
 */
export const MOVE_USER: unique symbol = Symbol('moveUser');

/** What `MOVE_USER` makes of the user: a new object holding no reference to it but its parts, counts as they are. */
export type UserMove<E> = (user: UserState, event: E) => UserState;

/**
 * A context that writes the user itself. A context without these members (a harness's own) goes through
 * `ctx.setUser`.
 */
export interface UserWriter {
  /** Sets `key` of the user's `bag` to `value` (`null` removes it). */
  [SET_ENTRY](bag: UserBag, key: string, value: unknown): void;
  /**
   * Takes as its user what `move` makes of it and `event` (a new user `move` holds no reference to, nor to the user
   * it is given, which is read, not given away: it is not frozen for the caller), and adds one to its count `key`.
   */
  [MOVE_USER]<E>(move: UserMove<E>, event: E, key: string): void;
}

/** The context's own user writer, when it has one. */
export function userWriterOf(ctx: object): UserWriter | undefined {
  return SET_ENTRY in ctx ? (ctx as UserWriter) : undefined;
}
