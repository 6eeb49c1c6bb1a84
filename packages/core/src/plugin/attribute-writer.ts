import type { UserState } from './types';

/**
 * The member through which `core.setAttribute` sets a user attribute on the engine's effect contexts: the
 * dispatch then copies the user's attributes once and writes its later attributes into that copy (see
 * `DispatchState.setAttribute`). A context without it (a harness's own) goes through `ctx.setUser`.
 */
export const SET_ATTRIBUTE: unique symbol = Symbol('setAttribute');

/** A context that sets user attributes itself (`core.setAttribute`; `null` removes the attribute). */
export interface AttributeWriter {
  [SET_ATTRIBUTE](key: string, value: unknown): void;
}

/** The context's own attribute writer, when it has one. */
export function attributeWriterOf(ctx: object): AttributeWriter | undefined {
  return SET_ATTRIBUTE in ctx ? (ctx as AttributeWriter) : undefined;
}

/**
 * The member through which the core plugin's `beforeRules` hands the engine's hook contexts the user it made
 * (first/last seen, counts, profile): the dispatch takes that new object as its working copy of the user, and
 * the slices and attributes its effects and hooks set later go into it instead of into a new user each (see
 * `DispatchState.adoptUser`). A context without it (a harness's own) goes through `ctx.setUser`.
 */
export const ADOPT_USER: unique symbol = Symbol('adoptUser');

/**
 * A context that takes as its user what `update` makes of it: a new user `update` holds no reference to, nor to
 * the user it is given (which is read, not given away: it is not frozen for the caller).
 */
export interface UserAdopter {
  [ADOPT_USER](update: (user: UserState) => UserState): void;
}

/** The context's own user adopter, when it has one. */
export function userAdopterOf(ctx: object): UserAdopter | undefined {
  return ADOPT_USER in ctx ? (ctx as UserAdopter) : undefined;
}
