import type { EffectType, JsonSchema } from '@engageloop/core';
import { localized } from '@engageloop/core';
import { own, sliceWith } from '../model/state';
import { advanceStreak, streakPeriod } from '../model/streaks';
import { because } from '../reasons';
import { ID_PATTERN } from '../settings';
import type { IncentivesSettings } from '../settings-types';
import type { IncentivesState } from '../types';
import { contributeIn } from './contribution';
import { giveBadge, reachMilestones } from './progress';
import { settingsOf } from './shared';

/** Params of `incentives.grantBadge`. */
export interface GrantBadgeParams {
  /** The badge, as declared in `settings.incentives.badges`. */
  badge: string;
  /** For levelled badges: the level to grant (default: one above the level held). */
  level?: number;
}

export const grantBadgeParamsSchema: JsonSchema = {
  type: 'object',
  required: ['badge'],
  additionalProperties: false,
  properties: { badge: { type: 'string', pattern: ID_PATTERN }, level: { type: 'integer', minimum: 1 } },
};

/** `incentives.grantBadge`: one-off badges once, levelled badges one level up (or to `level`). */
export const grantBadgeEffect: EffectType<IncentivesState, GrantBadgeParams, IncentivesSettings> = {
  description: {
    en: 'Grants a badge, title or perk (one-off or levelled; time-bound ones lapse and are renewed by a new grant).',
    'zh-CN': '授予徽章、称号或权益（一次性或分级；有期限的到期失效，再次授予即续期）。',
  },
  params: grantBadgeParamsSchema,
  apply(state, params, ctx) {
    const grant = giveBadge(state, ctx, settingsOf(ctx), params.badge, params.level);
    ctx.report(
      grant.kind === 'granted'
        ? {
            status: 'applied',
            data: {
              badge: params.badge,
              level: grant.level,
              ...(grant.until === undefined ? {} : { until: new Date(grant.until).toISOString() }),
            },
          }
        : {
            status: 'duplicate',
            ...because('already-held'),
            data: { badge: params.badge, level: grant.level },
          },
    );
    return grant.state;
  },
};

/** Params of `incentives.advanceStreak`. */
export interface AdvanceStreakParams {
  /** The streak, as declared in `settings.incentives.streaks`. */
  streak: string;
}

/** `incentives.advanceStreak`: count this event's local day (or week) in a streak; may reach milestones. */
export const advanceStreakEffect: EffectType<IncentivesState, AdvanceStreakParams, IncentivesSettings> = {
  description: {
    en: "Advances a streak of consecutive days or weeks in the user's time zone (with optional freezes).",
    'zh-CN': '按用户时区推进连续打卡（天或周），可设置补签/冻结。',
  },
  params: {
    type: 'object',
    required: ['streak'],
    additionalProperties: false,
    properties: { streak: { type: 'string', pattern: ID_PATTERN } },
  },
  apply(state, params, ctx) {
    const settings = settingsOf(ctx);
    const streak = own(settings.streaks, params.streak);
    if (!streak) {
      ctx.report({
        status: 'skipped',
        reason: `unknown streak "${params.streak}" (define it in settings.incentives.streaks)`,
        reasonText: localized(
          `unknown streak "${params.streak}" (define it in settings.incentives.streaks)`,
          `未知的连续记录 "${params.streak}"（请在 settings.incentives.streaks 中定义）`,
        ),
      });
      return state;
    }
    const base = { eventId: ctx.event.id, userId: ctx.event.userId, streak: params.streak };
    const before = own(state.streaks, params.streak);
    const step = advanceStreak(before, streakPeriod(ctx.event.time, ctx.timezone, streak.period), streak);
    // Every hit is recorded (a second one in a period too), so an undo can recompute the run from what remains.
    const hit = contributeIn(state, ctx, { streaks: [[params.streak, before ?? null]] });
    if (step.kind === 'same-period' || step.kind === 'out-of-order') {
      ctx.report({ status: 'skipped', ...because(step.kind), data: { count: step.state.count } });
      return hit;
    }
    if (step.kind === 'started' && step.broken)
      ctx.emit('streak:broken', { ...base, count: step.broken.count });
    const { count, best } = step.state;
    ctx.emit('streak:extended', { ...base, count, best, frozen: step.kind === 'extended' ? step.frozen : 0 });
    ctx.report({ status: 'applied', data: { count, best } });
    const next = sliceWith(hit, { streaks: { ...hit.streaks, [params.streak]: step.state } });
    return reachMilestones(next, ctx, settings);
  },
};
