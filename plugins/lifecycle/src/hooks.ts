import { type DispatchContext, localized, type PluginHooks } from '@engageloop/core';
import { isActivityEvent, payloadSentiment, purchaseAmount } from './activity-events';
import { reviewReadsOnly } from './condition-facts';
import { deliverCare } from './effects/deliver';
import { chainReview, rearmReview } from './review-timers';
import { type LifecycleSettings, resolveSettings } from './settings';
import { type FactSources, reviewedAlready, reviewStage } from './stage-review';
import { recordActivity } from './state/activity';
import { type LifecycleSlice, own, withEntry, without } from './state/slice';
import { nextAnniversary, pendingKey, TIMER_EVENT } from './timers';

type Ctx = DispatchContext<LifecycleSlice, LifecycleSettings>;

/** Re-arms inactivity trigger timers and the stage-review chain (`rearmReview`) from the latest activity. */
function rearmOnActivity(slice: LifecycleSlice, ctx: Ctx, settings: LifecycleSettings): LifecycleSlice {
  const last = slice.lastActiveAt;
  if (last === null) return slice;
  let timers = slice.timers;
  for (const [trigger, timer] of Object.entries(slice.timers)) {
    if (timer.kind !== 'inactivity' || timer.afterMs === undefined) continue;
    const dueAt = last + timer.afterMs;
    if (dueAt === timer.dueAt) continue;
    ctx.schedule({
      id: timer.timerId,
      type: TIMER_EVENT,
      dueAt,
      userId: ctx.user.id,
      payload: { trigger, purpose: 'schedule', kind: 'inactivity' },
    });
    timers = withEntry(timers, trigger, { ...timer, dueAt });
  }
  const rearmed = timers === slice.timers ? slice : { ...slice, timers };
  return rearmReview(rearmed, ctx, settings);
}

/** A lifecycle timer fired: deliver delayed care, or re-arm / retire a trigger timer. */
function onTimer(slice: LifecycleSlice, ctx: Ctx, settings: LifecycleSettings): LifecycleSlice {
  const { trigger, purpose, occurrence } = ctx.event.payload as {
    trigger: string;
    purpose: string;
    occurrence?: string;
  };
  if (purpose === 'care') {
    const key = pendingKey(trigger, occurrence);
    const pending = own(slice.pending, key);
    if (!pending || pending.dueAt > ctx.event.time) {
      const note = localized(
        'lifecycle: care timer without pending care (cancelled or re-armed)',
        '生命周期：关怀计时器到期，但没有待发的关怀（已取消或重新设置）',
      );
      ctx.note(note, { trigger });
      return slice;
    }
    const rest = { ...slice, pending: without(slice.pending, key) };
    const { slice: next, report } = deliverCare(rest, pending.params, ctx, pending.source);
    ctx.note(
      localized(
        `lifecycle: delayed care "${trigger}" ${report.status}`,
        `生命周期：延时关怀 "${trigger}"：${report.status}`,
      ),
      {
        trigger,
        ...report,
      },
    );
    return next;
  }
  if (purpose === 'review') return chainReview(slice, ctx, settings, trigger);
  if (purpose !== 'schedule') return slice;
  const timer = own(slice.timers, trigger);
  if (!timer || timer.dueAt > ctx.event.time) return slice;
  if (timer.kind === 'delay') return { ...slice, timers: without(slice.timers, trigger) };
  if (timer.kind === 'anniversary' && timer.from) {
    const next = nextAnniversary(
      Date.parse(timer.from),
      ctx.event.time,
      ctx.timezone,
      timer.hour ?? 10,
      timer.offsetMs ?? 0,
    );
    ctx.schedule({
      id: timer.timerId,
      type: TIMER_EVENT,
      dueAt: next.dueAt,
      userId: ctx.user.id,
      payload: { trigger, purpose: 'schedule', kind: 'anniversary', years: next.years },
    });
    return { ...slice, timers: withEntry(slice.timers, trigger, { ...timer, dueAt: next.dueAt }) };
  }
  return slice;
}

/**
 * Hooks: record activity and fire timers before the rules; review the stage before them, and after them
 * unless nothing the review reads has changed since (see `reviewedAlready`).
 */
export function createLifecycleHooks(
  facts: ReadonlySet<string>,
  tierPlugin: string,
): PluginHooks<LifecycleSlice, LifecycleSettings> {
  // Per settings object of a loaded policy (its part `settings.lifecycle`): found once, not per dispatch.
  const ownFacts = new WeakMap<LifecycleSettings, boolean>();
  const sources: FactSources = {
    tierPlugin,
    ownFactsOnly(raw) {
      if (typeof raw !== 'object' || raw === null) return reviewReadsOnly(resolveSettings(raw), facts);
      let only = ownFacts.get(raw);
      if (only === undefined) {
        only = reviewReadsOnly(resolveSettings(raw), facts);
        ownFacts.set(raw, only);
      }
      return only;
    },
  };
  return {
    async beforeRules(ctx) {
      const settings = resolveSettings(ctx.settings);
      const event = ctx.event;
      let slice = ctx.slice();
      if (isActivityEvent(event, settings)) {
        const before = slice.lastActiveAt;
        slice = recordActivity(slice, {
          time: event.time,
          timeZone: ctx.timezone,
          amount: purchaseAmount(event, settings),
          sentiment: payloadSentiment(event),
        });
        if (slice.lastActiveAt !== before) slice = rearmOnActivity(slice, ctx, settings);
      }
      if (event.type === TIMER_EVENT) slice = onTimer(slice, ctx, settings);
      if (slice !== ctx.slice()) ctx.setSlice(slice);
      await reviewStage(ctx, sources);
    },
    async afterRules(ctx) {
      if (!reviewedAlready(ctx, sources)) await reviewStage(ctx, sources);
    },
  };
}
