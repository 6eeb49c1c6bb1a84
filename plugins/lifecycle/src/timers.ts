import { instantOf, zonedParts } from '@engageloop/core';

/** The event type of every lifecycle timer; rules listen with `"on": "lifecycle.timer"` and check `$.payload.trigger`. */
export const TIMER_EVENT = 'lifecycle.timer';

export type TimerPurpose = 'care' | 'schedule' | 'review';

/**
 * Timer ids are unique per user, purpose and trigger, so arming again re-arms the same timer; with an
 * `occurrence` (care per order, …) per occurrence too. The occurrence is URI-encoded (no `:` or `#`) and the
 * user id comes last, so the id says which user, trigger and occurrence it belongs to.
 */
export function timerId(userId: string, purpose: TimerPurpose, trigger: string, occurrence?: string): string {
  return occurrence === undefined
    ? `lifecycle:${purpose}:${trigger}:${userId}`
    : `lifecycle:${purpose}:${trigger}#${encodeURIComponent(occurrence)}:${userId}`;
}

/** The key of a pending delayed care in the slice: the trigger, or trigger and occurrence. */
export function pendingKey(trigger: string, occurrence: string | undefined): string {
  return occurrence === undefined ? trigger : `${trigger}#${encodeURIComponent(occurrence)}`;
}

/** Payload schema of `lifecycle.timer` events. */
export const timerPayloadSchema = {
  type: 'object',
  required: ['trigger', 'purpose'],
  properties: {
    trigger: { type: 'string', minLength: 1 },
    purpose: { enum: ['care', 'schedule', 'review'] },
    kind: { enum: ['delay', 'inactivity', 'anniversary'] },
    years: { type: 'integer', minimum: 0 },
    timerId: { type: 'string' },
    occurrence: { type: 'string' },
  },
} as const;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * The next anniversary of `fromMs` strictly after `afterMs`, at `hour` local time in `timeZone`, plus
 * `offsetMs`; with the number of years it marks (≥ 1). February 29 falls on February 28 in other years.
 *
 * @example
 * nextAnniversary(Date.parse('2025-03-10T00:00:00Z'), Date.parse('2026-01-01T00:00:00Z'), 'UTC', 10, 0)
 * // { dueAt: Date.parse('2026-03-10T10:00:00Z'), years: 1 }
 */
export function nextAnniversary(
  fromMs: number,
  afterMs: number,
  timeZone: string,
  hour: number,
  offsetMs: number,
): { dueAt: number; years: number } {
  const origin = zonedParts(fromMs, timeZone);
  const now = zonedParts(afterMs, timeZone);
  for (let year = Math.max(origin.year + 1, now.year - 1); ; year++) {
    const day = Math.min(origin.day, daysInMonth(year, origin.month));
    const dueAt = instantOf({ year, month: origin.month, day, hour, minute: 0 }, timeZone) + offsetMs;
    if (dueAt > afterMs) return { dueAt, years: year - origin.year };
  }
}
