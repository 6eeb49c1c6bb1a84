import { EngageLoopError } from '../errors/error';

/** Where the engine gets "now". Inject a fixed or manual clock in tests and simulations. */
export interface Clock {
  now(): number;
}

/** The wall clock, read at the edge (the engine itself never calls `Date.now()`). */
export const systemClock: Clock = { now: () => Date.now() };

/** A clock you move by hand: `clock.set('2026-01-01T00:00:00Z')`, `clock.advance(60_000)`. */
export interface ManualClock extends Clock {
  set(time: Date | number | string): void;
  advance(ms: number): void;
}

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
