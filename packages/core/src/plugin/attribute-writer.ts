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
