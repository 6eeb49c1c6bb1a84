import { type Period, periodKey } from '@engageloop/core';
import type { Reentry } from '../effects/care-params';
import type { TriggerRecord } from '../state/slice';

/**
 * The outbox dedupe key of a care message: user + trigger + instance, never the channel, so a message
 * delivered on one channel is not repeated on another.
 */
export function careDedupeKey(userId: string, trigger: string, instance: string): string {
  return `lifecycle:care:${trigger}:${userId}:${instance}`;
}

/** The dedupe instance a re-entry mode implies: `once`, the period key, or the triggering event id. */
export function reentryInstance(
  mode: Reentry,
  time: number,
  timeZone: string,
  period: Period,
  sourceEventId: string,
): string {
  if (mode === 'once') return 'once';
  if (mode === 'oncePerPeriod') return periodKey(time, timeZone, period);
  return sourceEventId;
}

/** Why a trigger may not send again, or `null` when it may. */
export function reentryBlocked(
  record: TriggerRecord | undefined,
  mode: Reentry,
  time: number,
  timeZone: string,
  period: Period,
): 'once' | 'period' | null {
  if (!record || record.count === 0) return null;
  if (mode === 'once') return 'once';
  if (mode === 'oncePerPeriod' && record.lastPeriod === periodKey(time, timeZone, period)) return 'period';
  return null;
}
