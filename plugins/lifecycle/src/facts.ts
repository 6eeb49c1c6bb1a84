import { type FactContext, type FactDefinition, localDayNumber } from '@engageloop/core';
import { isActivityEvent } from './activity-events';
import { DAY } from './duration';
import { type LifecycleSettings, resolveSettings } from './settings';
import { countActiveDays } from './state/active-days';
import { sentimentSummary } from './state/activity';
import { type LifecycleSlice, own, recentDaysOf } from './state/slice';
import { readTier } from './tier';

type Ctx = FactContext<LifecycleSettings>;
const slice = (ctx: Ctx) => ctx.slice<LifecycleSlice>();
const daysSince = (ctx: Ctx, ms: number | null) =>
  ms === null ? null : Math.max(0, Math.floor((ctx.event.time - ms) / DAY));
const daysParams = {
  type: 'object',
  additionalProperties: false,
  properties: { days: { type: 'integer', minimum: 1, maximum: 120 } },
};

function joinedAt(ctx: Ctx): number | null {
  const joined =
    typeof ctx.user.profile.joinedAt === 'string' ? Date.parse(ctx.user.profile.joinedAt) : Number.NaN;
  if (Number.isFinite(joined)) return joined;
  const first = slice(ctx).firstActiveAt;
  if (first !== null) return first;
  return ctx.user.firstSeenAt ? Date.parse(ctx.user.firstSeenAt) : null;
}

/** Facts of the lifecycle plugin: recency, frequency, monetary value, tier, sentiment, stage and segments. */
export function createLifecycleFacts(tierPlugin: string): Record<string, FactDefinition<LifecycleSettings>> {
  return {
    'lifecycle.stage': {
      description: {
        en: "The user's lifecycle stage (as of the latest review).",
        'zh-CN': '用户当前生命周期阶段。',
      },
      value: (ctx) => slice(ctx).stage,
    },
    'lifecycle.daysInStage': {
      description: {
        en: 'Whole days since the user entered the current stage.',
        'zh-CN': '进入当前阶段的天数。',
      },
      value: (ctx) => daysSince(ctx, slice(ctx).stageSince),
    },
    'lifecycle.segments': {
      description: {
        en: 'Names of the policy segments the user is in (use with "contains").',
        'zh-CN': '用户所属分群名称列表。',
      },
      value: (ctx) => slice(ctx).segments,
    },
    'lifecycle.daysSinceLastActive': {
      description: {
        en: 'Whole days since the latest activity (recency); null before any.',
        'zh-CN': '距最近一次活跃的天数。',
      },
      value: (ctx) => daysSince(ctx, slice(ctx).lastActiveAt),
    },
    'lifecycle.daysSinceJoined': {
      description: {
        en: 'Whole days since profile.joinedAt (else the first activity).',
        'zh-CN': '注册以来的天数。',
      },
      value: (ctx) => daysSince(ctx, joinedAt(ctx)),
    },
    'lifecycle.activeDays': {
      description: {
        en: 'Distinct active days (frequency); params.days limits it to the last N days.',
        'zh-CN': '活跃天数（可限定最近 N 天）。',
      },
      params: daysParams,
      value: (ctx, params) => {
        const s = slice(ctx);
        const days = typeof params?.days === 'number' ? params.days : undefined;
        if (days === undefined) return s.activeDays;
        const today = localDayNumber(ctx.event.time, ctx.timezone);
        if (s.activeDayBits !== undefined && s.activeDayBits !== null && s.recentDays === undefined)
          return countActiveDays(s.activeDayBits, today - days, today);
        return recentDaysOf(s).filter((d) => d > today - days && d <= today).length;
      },
    },
    'lifecycle.streak': {
      description: {
        en: 'Consecutive active days up to today or yesterday (0 when broken).',
        'zh-CN': '连续活跃天数。',
      },
      value: (ctx) => {
        const s = slice(ctx);
        const last = s.activeDayBits?.[0] ?? recentDaysOf(s).at(-1);
        const today = localDayNumber(ctx.event.time, ctx.timezone);
        return last !== undefined && last >= today - 1 ? s.streak : 0;
      },
    },
    'lifecycle.spend': {
      description: { en: 'Total spend from purchase events (monetary value).', 'zh-CN': '累计消费金额。' },
      value: (ctx) => slice(ctx).spend,
    },
    'lifecycle.purchases': {
      description: { en: 'Number of purchases.', 'zh-CN': '购买次数。' },
      value: (ctx) => slice(ctx).purchases,
    },
    'lifecycle.daysSinceLastPurchase': {
      description: {
        en: 'Whole days since the latest purchase; null before any.',
        'zh-CN': '距最近一次购买的天数。',
      },
      value: (ctx) => daysSince(ctx, slice(ctx).lastPurchaseAt),
    },
    'lifecycle.tier': {
      description: {
        en: "The user's incentives tier when @engageloop/incentives is installed, else null.",
        'zh-CN': '激励层级（需安装激励插件）。',
      },
      value: (ctx) => readTier(ctx.sliceOf(tierPlugin)),
    },
    'lifecycle.sentiment': {
      description: {
        en: 'Sentiment from payloads: { last, average, trend } (trend < 0 means worsening).',
        'zh-CN': '情绪：最近值、均值、趋势。',
      },
      value: (ctx) => sentimentSummary(slice(ctx).sentiments),
    },
    'lifecycle.isActivity': {
      description: {
        en: 'True when this event counts as activity (not a timer, not ignored).',
        'zh-CN': '本事件是否计为活跃。',
      },
      value: (ctx) => isActivityEvent(ctx.event, resolveSettings(ctx.settings)),
    },
    'lifecycle.triggerCount': {
      description: {
        en: 'How many care messages a trigger has queued for the user.',
        'zh-CN': '某触发器已发送次数。',
      },
      params: {
        type: 'object',
        required: ['trigger'],
        additionalProperties: false,
        properties: { trigger: { type: 'string' } },
      },
      value: (ctx, params) =>
        typeof params?.trigger === 'string' ? (own(slice(ctx).triggers, params.trigger)?.count ?? 0) : 0,
    },
  };
}
