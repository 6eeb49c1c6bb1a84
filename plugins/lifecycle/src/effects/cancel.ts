import type { DispatchContext, EffectType } from '@engageloop/core';
import { because } from '../reasons';
import { nameSchema } from '../schemas';
import type { LifecycleSettings } from '../settings';
import type { LifecycleSlice } from '../state/slice';

/** Params of `lifecycle.cancel`: the triggers to withdraw (`"*"` = all). */
export interface CancelParams {
  triggers: string[];
}

export const cancelParamsSchema = {
  type: 'object',
  required: ['triggers'],
  additionalProperties: false,
  properties: { triggers: { type: 'array', minItems: 1, items: { anyOf: [nameSchema, { const: '*' }] } } },
} as const;

type CancelContext = Pick<
  DispatchContext<LifecycleSlice, LifecycleSettings>,
  'cancelTimer' | 'cancelMessages'
>;

/**
 * Withdraws pending care of the given triggers: delayed care (its timer), queued messages not yet
 * delivered (including ones deferred past quiet hours) and `delay`/`anniversary` trigger timers.
 * Inactivity timers stay armed: activity re-arms them anyway. Returns the next slice and what was cancelled.
 */
export function cancelTriggers(
  slice: LifecycleSlice,
  triggers: readonly string[],
  ctx: CancelContext,
): { slice: LifecycleSlice; cancelled: string[] } {
  const all = triggers.includes('*');
  const hit = (t: string) => all || triggers.includes(t);
  const cancelled = new Set<string>();
  const pending: LifecycleSlice['pending'] = {};
  // Keyed by trigger, or by trigger and occurrence (see `pendingKey`): the trigger is the care's own.
  for (const [key, care] of Object.entries(slice.pending)) {
    if (hit(care.params.trigger)) {
      ctx.cancelTimer(care.timerId);
      cancelled.add(care.params.trigger);
    } else
      Object.defineProperty(pending, key, {
        value: care,
        enumerable: true,
        writable: true,
        configurable: true,
      });
  }
  const timers: LifecycleSlice['timers'] = {};
  for (const [trigger, timer] of Object.entries(slice.timers)) {
    if (hit(trigger) && timer.kind !== 'inactivity') {
      ctx.cancelTimer(timer.timerId);
      cancelled.add(trigger);
    } else
      Object.defineProperty(timers, trigger, {
        value: timer,
        enumerable: true,
        writable: true,
        configurable: true,
      });
  }
  const withdrawn = slice.queued.filter((q) => hit(q.trigger));
  if (withdrawn.length > 0) {
    ctx.cancelMessages(withdrawn.map((q) => q.dedupeKey));
    for (const q of withdrawn) cancelled.add(q.trigger);
  }
  const queued = slice.queued.filter((q) => !hit(q.trigger));
  return { slice: { ...slice, pending, timers, queued }, cancelled: [...cancelled].sort() };
}

/**
 * `lifecycle.cancel`: exit condition — e.g. the user came back, so the win-back sequence stops.
 *
 * @example
 * { "type": "lifecycle.cancel", "params": { "triggers": ["win-back", "inactive-7d"] } }
 */
export const cancelEffect: EffectType<LifecycleSlice, CancelParams, LifecycleSettings> = {
  description: {
    en: 'Cancels pending care of the given triggers (exit condition).',
    'zh-CN': '取消指定触发器的待发关怀（退出条件）。',
  },
  params: cancelParamsSchema,
  apply(slice, params, ctx) {
    const { slice: next, cancelled } = cancelTriggers(slice, params.triggers, ctx);
    if (cancelled.length > 0) ctx.emit('care:cancelled', { userId: ctx.user.id, triggers: cancelled });
    ctx.report({
      status: cancelled.length > 0 ? 'applied' : 'skipped',
      ...(cancelled.length ? {} : because('nothing-pending')),
      data: { cancelled },
    });
    return next;
  },
};
