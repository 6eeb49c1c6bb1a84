/** A length of time as product owners write it in a policy: `{ "days": 3 }`, `{ "hours": 2, "minutes": 30 }`. */
export interface Duration {
  days?: number;
  hours?: number;
  minutes?: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** One day is 24 hours here (a fixed length, not a calendar day). */
export const DAY = 24 * HOUR;

/** JSON Schema of a `Duration` (at least one unit, non-negative, at most ten years). */
export const durationSchema = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    days: { type: 'number', minimum: 0, maximum: 3660 },
    hours: { type: 'number', minimum: 0, maximum: 87_840 },
    minutes: { type: 'number', minimum: 0, maximum: 5_270_400 },
  },
} as const;

/**
 * Milliseconds in a duration.
 *
 * @example
 * durationMs({ days: 1, hours: 2 }) // 93_600_000
 */
export function durationMs(duration: Duration): number {
  return Math.round(
    (duration.days ?? 0) * DAY + (duration.hours ?? 0) * HOUR + (duration.minutes ?? 0) * MINUTE,
  );
}
