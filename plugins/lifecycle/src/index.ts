/**
 * Lifecycle care: stages and segments from conditions, care triggers on timers (inactivity, anniversaries,
 * follow-ups), frequency caps, quiet hours and channel choice.
 *
 * @module @engageloop/lifecycle
 */
import './events';
import './policy-types';

export type { Duration } from './duration';
export { durationMs } from './duration';
export type { CancelParams } from './effects/cancel';
export type { CareParams, CareVariant, Reentry } from './effects/care-params';
export type { ScheduleParams } from './effects/schedule';
export type { CapRule, SentRecord } from './guards/caps';
export { exceededCap, fitsWindow } from './guards/caps';
export type { ChannelChoice, ChannelProfile } from './guards/channel';
export { chooseChannel } from './guards/channel';
export type { QuietHours } from './guards/quiet-hours';
export { isQuietAt, nextAllowedTime } from './guards/quiet-hours';
export type { LifecycleOptions } from './plugin';
export { lifecycle } from './plugin';
export type { LifecycleSettings, StageDefinition } from './settings';
export { DEFAULT_SETTINGS, resolveSettings } from './settings';
export type { ArmedTimer, LifecycleSlice, PendingCare, QueuedCare, TriggerRecord } from './state/slice';
export { nextAnniversary, TIMER_EVENT } from './timers';
