import type { LoopEvent } from '@engageloop/core';

/** A generated user. Sent to the engine as a `profile.updated` event when the user joins. */
export interface UserSpec {
  id: string;
  name: string;
  timezone: string;
  locale: 'zh-CN' | 'en';
  /** ISO date-time. */
  joinedAt: string;
  channel: string;
  optOut: string[];
}

/** How a step came to be, for readable counterexamples. */
export type StepNote = 'join' | 'duplicate' | 'retry' | 'late' | 'undo' | 'burst';

/** One thing that happens in a journey, in delivery order. */
export type JourneyStep = { kind: 'event'; event: LoopEvent; note?: StepNote } | { kind: 'tick'; at: string };

/** Users and what they do, in delivery order (which may differ from event time: out-of-order delivery). */
export interface Journey {
  /** ISO date-time the clock starts at. */
  start: string;
  users: UserSpec[];
  steps: JourneyStep[];
}
