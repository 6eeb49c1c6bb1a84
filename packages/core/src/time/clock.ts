import { EngageLoopError } from '../errors/error';

/** Where the engine gets "now". Inject a fixed or manual clock in tests and simulations. */
export interface Clock {
  /** The current time in epoch milliseconds. */
  now(): number;
}

/** The wall clock, read at the edge (the engine itself never calls `Date.now()`). */
export const systemClock: Clock = { now: () => Date.now() };

/** A clock you move by hand: `clock.set('2026-01-01T00:00:00Z')`, `clock.advance(60_000)`. */
export interface ManualClock extends Clock {
  /** Moves the clock to `time` (a Date, epoch ms or ISO string), forwards or backwards. */
  set(time: Date | number | string): void;
  /** Moves the clock forwards by `ms` milliseconds. */
  advance(ms: number): void;
}

/**
 * A manual clock starting at `start` (epoch 0 by default): time moves only when you call `set` or `advance`,
 * so a test or a simulation decides exactly when timers fall due.
 *
 * @example
 * const clock = createManualClock('2026-01-01T00:00:00Z');
 * const engine = createEngine({ policy, plugins, clock });
 * clock.advance(24 * 3_600_000);
 * await engine.tick(clock.now());
 */
export function createManualClock(start: Date | number | string = 0): ManualClock {
  let current = toEpochMs(start);
  return {
    now: () => current,
    set: (time) => {
      current = toEpochMs(time);
    },
    advance: (ms) => {
      current += ms;
    },
  };
}

/** Converts a Date, epoch ms or ISO string into epoch ms; throws `CLOCK_INVALID` otherwise. */
export function toEpochMs(time: Date | number | string): number {
  const ms = time instanceof Date ? time.getTime() : typeof time === 'number' ? time : Date.parse(time);
  if (!Number.isFinite(ms)) throw new EngageLoopError('CLOCK_INVALID', { data: { time: String(time) } });
  return ms;
}
