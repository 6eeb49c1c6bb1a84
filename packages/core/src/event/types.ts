/** Where an event came from: the host (`dispatch`) or a fired timer (`tick`). */
export type EventSource = 'event' | 'timer';

/** What a host passes to `engine.dispatch`: one thing a user did (or that happened to them). */
export interface LoopEvent<P extends Record<string, unknown> = Record<string, unknown>> {
  /** Unique id; the idempotency key. Dispatching the same id twice changes nothing the second time. */
  id: string;
  /** Dotted event type, e.g. `review.submitted`, `feedback.submitted`, `checkin.done`. */
  type: string;
  userId: string;
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
  payload: P;
  time: number;
  source: EventSource;
}
