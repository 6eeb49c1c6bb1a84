import type { DispatchContext } from '@engageloop/core';
import { durationMs } from './duration';
import type { LifecycleSettings } from './settings';
import type { LifecycleSlice } from './state/slice';
import { TIMER_EVENT, timerId } from './timers';

type Ctx = DispatchContext<LifecycleSlice, LifecycleSettings>;

/** The indices of `reviewAfter` in the order their reviews fall: by duration, shortest first (ties by index). */
function reviewOrder(settings: LifecycleSettings): number[] {
  const spans = settings.reviewAfter.map(durationMs);
  return spans.map((_, i) => i).sort((a, b) => (spans[a] as number) - (spans[b] as number) || a - b);
}

function armReview(ctx: Ctx, settings: LifecycleSettings, index: number, last: number): void {
  const trigger = `review-${index}`;
  ctx.schedule({
    id: timerId(ctx.user.id, 'review', trigger),
    type: TIMER_EVENT,
    dueAt: last + durationMs(settings.reviewAfter[index] as LifecycleSettings['reviewAfter'][number]),
    userId: ctx.user.id,
    payload: { trigger, purpose: 'review' },
  });
}

/**
 * Activity re-arms the stage reviews (`reviewAfter`) from `slice.lastActiveAt`: only the first one's timer (one
 * timer write per activity, where one per span was written before), and a later one the chain had armed is
 * cancelled. When a review's timer fires, the next is armed (`chainReview`), so each span still reviews the
 * stage at exactly `lastActiveAt + span`.
 */
export function rearmReview(slice: LifecycleSlice, ctx: Ctx, settings: LifecycleSettings): LifecycleSlice {
  const last = slice.lastActiveAt;
  const first = reviewOrder(settings)[0];
  if (last === null || first === undefined) return slice;
  const armed = slice.reviewArmed;
  if (armed !== undefined && armed !== first)
    ctx.cancelTimer(timerId(ctx.user.id, 'review', `review-${armed}`));
  armReview(ctx, settings, first, last);
  if (armed === undefined) return slice;
  const { reviewArmed: _, ...rest } = slice;
  return rest;
}

/**
 * A review timer (`review-<index>`) fired: arms the next review of the chain, due at `lastActiveAt` plus its
 * span (a tick fires it in the same run when that is already due). A timer armed before the latest activity
 * (the user came back since: `lastActiveAt + span` is later than now) arms nothing.
 */
export function chainReview(
  slice: LifecycleSlice,
  ctx: Ctx,
  settings: LifecycleSettings,
  trigger: string,
): LifecycleSlice {
  const last = slice.lastActiveAt;
  const index = Number(trigger.slice('review-'.length));
  const order = reviewOrder(settings);
  const at = order.indexOf(index);
  if (last === null || !trigger.startsWith('review-') || at < 0) return slice;
  const span = durationMs(settings.reviewAfter[index] as LifecycleSettings['reviewAfter'][number]);
  if (last + span > ctx.event.time) return slice;
  const next = order[at + 1];
  if (next === undefined) {
    if (slice.reviewArmed !== index) return slice;
    const { reviewArmed: _, ...rest } = slice;
    return rest;
  }
  armReview(ctx, settings, next, last);
  return { ...slice, reviewArmed: next };
}
