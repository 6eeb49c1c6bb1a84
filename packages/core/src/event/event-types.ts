// The event-type map for `dispatch` (types only): an app declares its event types and their payloads by
// declaration merging, plugins add theirs, and `dispatch` / `dispatchBatch` accept only known types once the
// app has declared any. A leaf module: it imports nothing from the engine.

/**
 * The app's event types: type → payload. Empty until the app declares its own by declaration merging;
 * from then on `engine.dispatch` accepts only known event types (these and the plugins'), each with its
 * payload typed. Without a declaration `dispatch` takes any value, as before, and checks it at run time.
 *
 * @example
 * declare module '@engageloop/core' {
 *   interface EngageLoopEventTypes {
 *     'review.posted': { rating: number; media?: 'photo' | 'video' };
 *     'checkin.done': Record<string, never>;
 *   }
 * }
 * await engine.dispatch({ id: 'e1', type: 'review.posted', userId: 'u1', at, payload: { rating: 5 } });
 * await engine.dispatch({ id: 'e2', type: 'review.postd', userId: 'u1', at }); // type error: unknown type
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by the app through declaration merging
export interface EngageLoopEventTypes {}

/** Payload of `profile.updated` (merged into the user's profile; other keys are kept as they are). */
export interface ProfileUpdate {
  /** The user's display name, as templates show it (`{{user.name}}`). */
  name?: string;
  /** IANA time zone, e.g. `Asia/Shanghai`. */
  timezone?: string;
  /** Locale tag, e.g. `zh-CN`, `en`. */
  locale?: string;
  /** Preferred channel (`app`, `email`, `sms`…). */
  channel?: string;
  /** Channels the user opted out of (`*` or `all`: every care channel). */
  optOut?: string[];
  /** ISO date-time the user joined (anniversaries count from it). */
  joinedAt?: string;
  [key: string]: unknown;
}

/**
 * The event types plugins let hosts dispatch, with their payloads: type → payload. Each plugin adds its
 * own by declaration merging (core: `profile.updated`; replies: `feedback.submitted`, `review.submitted`…).
 * Adding types here does not turn type checking of `dispatch` on; an app's `EngageLoopEventTypes` does.
 * Timer event types (fired by `tick`, never dispatched by a host) do not belong here.
 *
 * @example
 * declare module '@engageloop/core' {
 *   interface PluginEventTypes { 'kudos.given': { to: string; note?: string } }
 * }
 */
export interface PluginEventTypes {
  'profile.updated': ProfileUpdate;
}

/** Every event type `dispatch` knows by type: the app's and the plugins'. A type both declare gets both payload types. */
export type KnownEventTypes = EngageLoopEventTypes & PluginEventTypes;

/** True once the app has declared its event types (`EngageLoopEventTypes` is not empty): `dispatch` then checks them. */
export type EventTypesChecked = [keyof EngageLoopEventTypes] extends [never] ? false : true;

/**
 * An event envelope of a known type, its payload typed: required when the payload type has a required
 * key, optional otherwise. Without a type argument: the union over every known type.
 *
 * @example
 * const event: EngageLoopEvent<'profile.updated'> = {
 *   id: 'p1', type: 'profile.updated', userId: 'u1', at: '2026-01-01T09:00:00Z', payload: { timezone: 'Asia/Shanghai' },
 * };
 */
export type EngageLoopEvent<T extends keyof KnownEventTypes = keyof KnownEventTypes> = {
  [K in T]: EnvelopeOf<K & string, KnownEventTypes[K]>;
}[T];

type EnvelopeOf<K extends string, P> = {
  /** Unique per user; the idempotency key. */
  id: string;
  type: K;
  userId: string;
  /** ISO 8601 date-time with an offset. */
  at: string;
} & (Record<string, never> extends P ? { payload?: P } : { payload: P });

/**
 * What `engine.dispatch` accepts: any value while the app declares no event types (checked at run time,
 * as always); once it does, only an `EngageLoopEvent` of a known type, with its payload typed. Raw input
 * (a parsed line of NDJSON) goes in as `value as EngageLoopEvent` — the run-time validation still applies.
 */
export type DispatchInput = EventTypesChecked extends true ? EngageLoopEvent : unknown;

/**
 * What `engine.dispatchBatch` accepts: an array, an iterable or an async iterable of what `dispatch`
 * accepts (see `DispatchInput`).
 */
export type DispatchBatchInput =
  | readonly DispatchInput[]
  | Iterable<DispatchInput>
  | AsyncIterable<DispatchInput>;
