/**
 * Where an event came from: the host (`dispatch`), a fired timer (`tick`), or another event's effect
 * (`ctx.derive`, dispatched in a later batch).
 */
export type EventSource = 'event' | 'timer' | 'derived';

/**
 * The pattern of an entity key `<kind>:<id>`: a kind of lowercase letters, digits, `_` and `-` starting with a
 * letter, a colon, and a non-empty id (`group:g1`, `item:post-9`, `contest:monthly-likes`).
 */
export const ENTITY_KEY = /^[a-z][a-z0-9_-]*:[\s\S]+$/;

/**
 * What a host passes to `engine.dispatch`: one thing a user did (or that happened to them), or one thing that
 * happened to an entity (a group, an item, a contest). Exactly one of `userId` and `entity` is set.
 */
export interface LoopEvent<P extends Record<string, unknown> = Record<string, unknown>> {
  /** Unique id; the idempotency key. Dispatching the same id twice changes nothing the second time. */
  id: string;
  /** Dotted event type, e.g. `review.submitted`, `feedback.submitted`, `checkin.done`. */
  type: string;
  /** The user the event is about (absent on an entity event). */
  userId?: string;
  /**
   * The entity the event is about, as a key `<kind>:<id>` (`group:g1`, `item:post-9`; see `ENTITY_KEY`), instead
   * of a user. It runs through the same pipeline with the entity's own document as `ctx.user`.
   */
  entity?: string;
  /** ISO 8601 date-time with an offset (`2026-11-23T09:00:00Z`). */
  at: string;
  payload?: P;
}

/**
 * An event after validation: payload always present, `time` in epoch milliseconds, and where it came from:
 * `event` (passed to `dispatch`) or `timer` (a timer fired by `tick`). Read `source`, never the id, to tell
 * them apart: an event id is the host's text and may look like anything.
 */
export interface ValidatedEvent<P extends Record<string, unknown> = Record<string, unknown>>
  extends LoopEvent<P> {
  /**
   * The user the event is about; on an entity event, the entity key (`group:g1`, the same as `ctx.user.id`):
   * tell the two apart with `entity`, never by the text.
   */
  userId: string;
  payload: P;
  time: number;
  source: EventSource;
  /**
   * The key of the subject's document: `user:<userId>` for a user, `entity:<kind>:<id>` for an entity (two key
   * spaces: a user whose id is `group:g1` and the entity `group:g1` never share a document).
   */
  subject: string;
  /** On a derived event: the id of the event whose effect derived it. */
  cause?: string;
  /** On a derived event: how many derivations lead to it from a host event or timer (1 for a direct one). */
  depth?: number;
}
