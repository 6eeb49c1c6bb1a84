import type { TopLevelCondition } from '@engageloop/core';
import type { Duration } from './duration';
import type { CapRule } from './guards/caps';
import type { QuietHours } from './guards/quiet-hours';
import { DEFAULT_SEGMENTS, DEFAULT_STAGES, type StageDefinition } from './settings-defaults';

export type { StageDefinition };

/** `settings.lifecycle` in a policy (product owners edit these). */
export interface LifecycleSettings {
  /** Ordered; first match wins; when none matches the user is in the last stage. */
  stages: StageDefinition[];
  /** Named segments (conditions); the fact `lifecycle.segments` lists the ones a user is in. */
  segments: Record<string, TopLevelCondition>;
  /** Which events count as activity: `events: null` means every event but timers and `ignore`. */
  activity: { events: string[] | null; ignore: string[] };
  /** Purchase events and the payload field holding the amount (spend, for RFM). */
  purchase: { events: string[]; amountField: string };
  /** Channels care messages may use, in default order. */
  channels: string[];
  /** Frequency caps for non-transactional care messages. */
  caps: CapRule[];
  /** Quiet hours in the user's time zone; `null` turns them off. */
  quietHours: QuietHours | null;
  /** Re-evaluate the stage after each of these spans of inactivity (timers re-armed by activity). */
  reviewAfter: Duration[];
}

/** Settings used when the policy says nothing. */
export const DEFAULT_SETTINGS: LifecycleSettings = {
  stages: DEFAULT_STAGES,
  segments: DEFAULT_SEGMENTS,
  activity: { events: null, ignore: ['profile.updated'] },
  purchase: { events: ['order.paid'], amountField: 'amount' },
  channels: ['app', 'email', 'sms'],
  caps: [
    { max: 1, window: { days: 1 } },
    { max: 3, window: { days: 7 } },
  ],
  quietHours: { start: '22:00', end: '08:00', action: 'defer' },
  reviewAfter: [{ days: 14 }, { days: 30 }, { days: 90 }],
};

/** Fills what a policy left out with the defaults (the engine may already have done so; this is idempotent). */
export function resolveSettings(raw: Partial<LifecycleSettings> | undefined | null): LifecycleSettings {
  const s = raw ?? {};
  return {
    stages: s.stages ?? DEFAULT_SETTINGS.stages,
    segments: s.segments ?? DEFAULT_SETTINGS.segments,
    activity: { ...DEFAULT_SETTINGS.activity, ...s.activity },
    purchase: { ...DEFAULT_SETTINGS.purchase, ...s.purchase },
    channels: s.channels ?? DEFAULT_SETTINGS.channels,
    caps: s.caps ?? DEFAULT_SETTINGS.caps,
    quietHours:
      s.quietHours === null
        ? null
        : s.quietHours
          ? { ...s.quietHours, action: s.quietHours.action ?? 'defer' }
          : DEFAULT_SETTINGS.quietHours,
    reviewAfter: s.reviewAfter ?? DEFAULT_SETTINGS.reviewAfter,
  };
}
