import type { ValidatedEvent } from '@engageloop/core';
import type { LifecycleSettings } from './settings';
import { TIMER_EVENT } from './timers';

/** Timer and derived events (of any plugin: the user did not act) and ignored types never count as activity. */
export function isActivityEvent(
  event: Pick<ValidatedEvent, 'type' | 'source'>,
  settings: LifecycleSettings,
): boolean {
  if (event.type === TIMER_EVENT || event.source !== 'event') return false;
  if (settings.activity.ignore.includes(event.type)) return false;
  return settings.activity.events === null || settings.activity.events.includes(event.type);
}

/** The purchase amount of an event, when it is a purchase event with a finite non-negative amount. */
export function purchaseAmount(
  event: Pick<ValidatedEvent, 'type' | 'payload'>,
  settings: LifecycleSettings,
): number | undefined {
  if (!settings.purchase.events.includes(event.type)) return undefined;
  const field = settings.purchase.amountField;
  const raw = Object.hasOwn(event.payload, field) ? event.payload[field] : undefined;
  const amount = typeof raw === 'string' ? Number(raw) : raw;
  return typeof amount === 'number' && Number.isFinite(amount) && amount >= 0 ? amount : undefined;
}

/** The `sentiment` number of a payload, if any (−1 … 1 by convention; any finite number is kept). */
export function payloadSentiment(event: Pick<ValidatedEvent, 'payload'>): number | undefined {
  const raw = Object.hasOwn(event.payload, 'sentiment') ? event.payload.sentiment : undefined;
  return typeof raw === 'number' && Number.isFinite(raw) ? raw : undefined;
}
