import type { CareParams } from '../effects/care-params';
import type { SentRecord } from '../guards/caps';
import { type ActiveDayBits, decodeActiveDays } from './active-days';

/** The event a care message answers (templates read `{{event.payload.x}}` from it). */
export interface CareSource {
  id: string;
  type: string;
  payload: Record<string, unknown>;
}

/** A care message waiting for its delay timer. */
export interface PendingCare {
  timerId: string;
  dueAt: number;
  ruleId: string;
  /** The event that scheduled it: its id is the default dedupe instance, its payload fills the template. */
  source: CareSource;
  params: CareParams;
}

/** A queued (possibly deferred) care message, kept so `lifecycle.cancel` can withdraw it. */
export interface QueuedCare {
  trigger: string;
  dedupeKey: string;
  notBefore: number;
}

/** A timer armed by `lifecycle.schedule`. */
export interface ArmedTimer {
  timerId: string;
  kind: 'delay' | 'inactivity' | 'anniversary';
  dueAt: number;
  /** Inactivity: re-armed to last activity + `afterMs` on every activity. */
  afterMs?: number;
  /** Anniversary: the source date (ISO) and offset, to re-arm for the next year when it fires. */
  from?: string;
  offsetMs?: number;
  hour?: number;
}

/** Re-entry bookkeeping of one trigger. */
export interface TriggerRecord {
  count: number;
  lastAt: number;
  lastPeriod: string | null;
}

/** The lifecycle plugin's part of a user's state (JSON-serialisable; keys are validated names). */
export interface LifecycleSlice {
  stage: string | null;
  stageSince: number | null;
  /** Written by earlier versions (the stage when their latest dispatch began); no longer read or written. */
  stageAtStart?: { eventId: string; stage: string | null };
  segments: string[];
  firstActiveAt: number | null;
  lastActiveAt: number | null;
  /**
   * The local days (user time zone) with activity among the last 120 ending at the latest one, as a bitmap
   * (`[latestDay, hexBits]`, see `ActiveDayBits`); null before any activity. Read with `recentDaysOf`.
   */
  activeDayBits: ActiveDayBits | null;
  /**
   * The same days as a list of day numbers, ascending: what documents written before `activeDayBits` hold.
   * Read when `activeDayBits` is absent; never written.
   */
  recentDays?: number[];
  activeDays: number;
  streak: number;
  spend: number;
  purchases: number;
  firstPurchaseAt: number | null;
  lastPurchaseAt: number | null;
  /** Latest sentiment scores from event payloads, oldest first. */
  sentiments: number[];
  /** Care messages counted by the caps. */
  sent: SentRecord[];
  triggers: Record<string, TriggerRecord>;
  /** Delayed care by trigger, or by trigger and occurrence (`pendingKey`). */
  pending: Record<string, PendingCare>;
  queued: QueuedCare[];
  timers: Record<string, ArmedTimer>;
  /**
   * The stage-review timer armed after the first one fired (its index in `reviewAfter`): reviews are chained,
   * one timer at a time (see `rearmReview`). Absent: only the first review's timer is armed, or none.
   */
  reviewArmed?: number;
}

/** A user's slice before their first event. */
export function initialSlice(): LifecycleSlice {
  return {
    stage: null,
    stageSince: null,
    segments: [],
    firstActiveAt: null,
    lastActiveAt: null,
    activeDayBits: null,
    activeDays: 0,
    streak: 0,
    spend: 0,
    purchases: 0,
    firstPurchaseAt: null,
    lastPurchaseAt: null,
    sentiments: [],
    sent: [],
    triggers: {},
    pending: {},
    queued: [],
    timers: {},
  };
}

/** The recent active days of a slice, ascending (from its bitmap, or the list of an older document). */
export function recentDaysOf(slice: LifecycleSlice): number[] {
  if (slice.activeDayBits !== undefined && slice.activeDayBits !== null)
    return decodeActiveDays(slice.activeDayBits);
  return Array.isArray(slice.recentDays) ? slice.recentDays : [];
}

/** Reads an own entry of a record keyed by input (never a prototype property). */
export function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** A copy of `record` without `key`. */
export function without<T>(record: Readonly<Record<string, T>>, key: string): Record<string, T> {
  const next: Record<string, T> = {};
  for (const [k, v] of Object.entries(record)) if (k !== key) next[k] = v;
  return next;
}

/** A copy of `record` with `key` set (safe for any key: defined as an own property). */
export function withEntry<T>(record: Readonly<Record<string, T>>, key: string, value: T): Record<string, T> {
  const next: Record<string, T> = { ...record };
  Object.defineProperty(next, key, { value, enumerable: true, writable: true, configurable: true });
  return next;
}
