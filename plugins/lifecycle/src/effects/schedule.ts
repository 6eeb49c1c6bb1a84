import type { EffectType } from '@engageloop/core';
import { type Duration, durationMs, durationSchema } from '../duration';
import { because } from '../reasons';
import { nameSchema } from '../schemas';
import type { LifecycleSettings } from '../settings';
import { type ArmedTimer, type LifecycleSlice, withEntry } from '../state/slice';
import { nextAnniversary, TIMER_EVENT, timerId } from '../timers';
import { anniversarySource } from './anniversary-source';

/** Params of `lifecycle.schedule`: arm a named trigger timer that fires a `lifecycle.timer` event. */
export interface ScheduleParams {
  trigger: string;
  /**
   * `delay` (default): `after` from this event (post-purchase follow-up); `inactivity`: `after` from the
   * latest activity, re-armed by every activity; `anniversary`: yearly from the date in `from`.
   */
  kind?: 'delay' | 'inactivity' | 'anniversary';
  after?: Duration;
  /** Anniversary source: `profile.joinedAt`, `attributes.<name>`, `firstActive`, `firstPurchase`, `event.payload.<field>`. */
  from?: string;
  /** Added to each anniversary instant. */
  offset?: Duration;
  /** Local hour of the anniversary (default 10). */
  hour?: number;
}

export const scheduleParamsSchema = {
  type: 'object',
  required: ['trigger'],
  additionalProperties: false,
  properties: {
    trigger: nameSchema,
    kind: { enum: ['delay', 'inactivity', 'anniversary'] },
    after: durationSchema,
    from: {
      type: 'string',
      pattern:
        '^(profile\\.joinedAt|firstActive|firstPurchase|(attributes|event\\.payload|profile)\\.[A-Za-z][A-Za-z0-9_]{0,63})$',
    },
    offset: durationSchema,
    hour: { type: 'integer', minimum: 0, maximum: 23 },
  },
  anyOf: [
    { properties: { kind: { const: 'anniversary' } }, required: ['kind', 'from'] },
    { properties: { kind: { enum: ['delay', 'inactivity'] } }, required: ['after'] },
  ],
} as const;

/**
 * `lifecycle.schedule`: arms (or re-arms) the timer of a trigger; when due, `engine.tick` dispatches
 * `{ type: "lifecycle.timer", payload: { trigger, purpose: "schedule", kind } }` for rules to answer.
 *
 * @example
 * { "type": "lifecycle.schedule", "params": { "trigger": "inactive-7d", "kind": "inactivity", "after": { "days": 7 } } }
 */
export const scheduleEffect: EffectType<LifecycleSlice, ScheduleParams, LifecycleSettings> = {
  description: {
    en: 'Arms a trigger timer: after a delay, after inactivity, or on an anniversary.',
    'zh-CN': '设置触发计时器：延时、不活跃或周年。',
  },
  params: scheduleParamsSchema,
  apply(slice, params, ctx) {
    const kind = params.kind ?? 'delay';
    const id = timerId(ctx.user.id, 'schedule', params.trigger);
    let armed: ArmedTimer;
    let years: number | undefined;
    if (kind === 'anniversary') {
      const from = anniversarySource(params.from ?? '', ctx, slice);
      if (from === null) {
        ctx.report({
          status: 'skipped',
          ...because('no-date'),
          data: { trigger: params.trigger, from: params.from },
        });
        return slice;
      }
      const offsetMs = params.offset ? durationMs(params.offset) : 0;
      const hour = params.hour ?? 10;
      const next = nextAnniversary(from, ctx.event.time, ctx.timezone, hour, offsetMs);
      years = next.years;
      armed = { timerId: id, kind, dueAt: next.dueAt, from: new Date(from).toISOString(), offsetMs, hour };
    } else {
      const afterMs = durationMs(params.after ?? {});
      const base = kind === 'inactivity' ? (slice.lastActiveAt ?? ctx.event.time) : ctx.event.time;
      armed = { timerId: id, kind, dueAt: base + afterMs, ...(kind === 'inactivity' ? { afterMs } : {}) };
    }
    ctx.schedule({
      id,
      type: TIMER_EVENT,
      dueAt: armed.dueAt,
      userId: ctx.user.id,
      payload: {
        trigger: params.trigger,
        purpose: 'schedule',
        kind,
        ...(years === undefined ? {} : { years }),
      },
    });
    ctx.emit('care:scheduled', {
      userId: ctx.user.id,
      trigger: params.trigger,
      timerId: id,
      dueAt: armed.dueAt,
    });
    ctx.report({ status: 'applied', data: { trigger: params.trigger, kind, dueAt: armed.dueAt } });
    return { ...slice, timers: withEntry(slice.timers, params.trigger, armed) };
  },
};
