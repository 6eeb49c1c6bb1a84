import type { EffectType } from '@engageloop/core';
import { durationMs } from '../duration';
import { reentryBlocked } from '../guards/dedupe';
import { because } from '../reasons';
import type { LifecycleSettings } from '../settings';
import { type LifecycleSlice, own, withEntry } from '../state/slice';
import { pendingKey, TIMER_EVENT, timerId } from '../timers';
import { type CareParams, careParamsSchema } from './care-params';
import { deliverCare } from './deliver';

/** The occurrence named by `path` in the payload (a string or a finite number), if there is one. */
export function occurrenceOf(payload: Record<string, unknown>, path: string | undefined): string | undefined {
  if (path === undefined) return undefined;
  let value: unknown = payload;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, part)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * `lifecycle.care`: queue a care message now, or after `delay` through a persistent timer (the guards
 * are checked when the timer fires; `lifecycle.cancel` withdraws it before then). With `occurrence`, one
 * timer per occurrence (per order) instead of one per trigger.
 *
 * @example
 * { "type": "lifecycle.care", "params": { "trigger": "welcome", "reentry": "once",
 *   "body": { "en": "Welcome, {{user.name}}!", "zh-CN": "欢迎你，{{user.name}}！" } } }
 */
export const careEffect: EffectType<LifecycleSlice, CareParams, LifecycleSettings> = {
  description: {
    en: 'Queues a care message (now or after a delay), with caps and quiet hours.',
    'zh-CN': '发送关怀消息（立即或延时），受频控与免打扰约束。',
  },
  params: careParamsSchema,
  apply(slice, params, ctx) {
    if (params.delay === undefined || durationMs(params.delay) === 0) {
      const { slice: next, report } = deliverCare(slice, params, ctx);
      ctx.report(report);
      return next;
    }
    const mode = params.reentry ?? 'always';
    const blocked = reentryBlocked(
      own(slice.triggers, params.trigger),
      mode,
      ctx.event.time,
      ctx.timezone,
      params.period ?? 'week',
    );
    if (blocked) {
      ctx.report({
        status: 'duplicate',
        ...because(`reentry-${blocked}`),
        data: { trigger: params.trigger },
      });
      return slice;
    }
    const occurrence = occurrenceOf(ctx.event.payload, params.occurrence);
    const id = timerId(ctx.user.id, 'care', params.trigger, occurrence);
    const dueAt = ctx.event.time + durationMs(params.delay);
    ctx.schedule({
      id,
      type: TIMER_EVENT,
      dueAt,
      userId: ctx.user.id,
      payload: {
        trigger: params.trigger,
        purpose: 'care',
        ...(occurrence === undefined ? {} : { occurrence }),
      },
    });
    ctx.emit('care:scheduled', { userId: ctx.user.id, trigger: params.trigger, timerId: id, dueAt });
    ctx.report({ status: 'applied', ...because('scheduled'), data: { trigger: params.trigger, dueAt } });
    return {
      ...slice,
      pending: withEntry(slice.pending, pendingKey(params.trigger, occurrence), {
        timerId: id,
        dueAt,
        ruleId: ctx.ruleId,
        source: { id: ctx.event.id, type: ctx.event.type, payload: ctx.event.payload },
        params,
      }),
    };
  },
};
