import type { FactContext, FactDefinition } from '@engageloop/core';
import { streakRunAt } from './effects/progress';
import { settingsOf } from './effects/shared';
import { walletBalanceOf } from './ledger/wallets';
import { bestOf, distinctCount, keyOfEvent, keysOf } from './model/distinct';
import { growthSummary } from './model/growth';
import { honoursInForce } from './model/honours';
import { nextMilestone } from './model/milestones';
import { contributionScore } from './model/score';
import { own } from './model/state';
import { currentTierId, tierLevel } from './model/tiers';
import { ID_PATTERN } from './settings';
import type { IncentivesSettings } from './settings-types';
import type { IncentivesState } from './types';

type Ctx = FactContext<IncentivesSettings>;
const slice = (ctx: Ctx) => ctx.slice<IncentivesState>();
const str = (params: Record<string, unknown> | undefined, key: string): string | undefined =>
  typeof params?.[key] === 'string' ? (params[key] as string) : undefined;
const idParam = { type: 'string', pattern: ID_PATTERN };
const currentTier = (ctx: Ctx) => currentTierId(slice(ctx).tier, settingsOf(ctx).tiers);

const keyParams = {
  type: 'object',
  required: ['counter'],
  additionalProperties: false,
  properties: { counter: idParam, key: { type: 'string', minLength: 1, maxLength: 200 } },
};

/** The kept submission of a counter's key (the params' `key`, else the current event's key). */
function keptFor(ctx: Ctx, params: Record<string, unknown> | undefined) {
  const counter = str(params, 'counter') ?? '';
  const declared = own(settingsOf(ctx).distinct ?? {}, counter);
  const key = str(params, 'key') ?? (declared ? keyOfEvent(ctx.event, declared) : undefined);
  const found = key === undefined ? undefined : keysOf(slice(ctx), counter).find((k) => k.key === key);
  if (!found) return null;
  const best = bestOf(found);
  return {
    key: found.key,
    eventId: best.eventId,
    score: best.score,
    at: best.at,
    submissions: found.subs.length,
  };
}

/** Facts of the incentives plugin, all computed at the event time. */
export const incentivesFacts: Record<string, FactDefinition<IncentivesSettings>> = {
  'incentives.balance': {
    description: {
      en: 'Balance of a wallet (params: wallet, kind = available | pending | expired).',
      'zh-CN': '钱包余额。',
    },
    params: {
      type: 'object',
      additionalProperties: false,
      properties: { wallet: idParam, kind: { enum: ['available', 'pending', 'expired', 'total'] } },
    },
    value: (ctx, params) => {
      const balance = walletBalanceOf(slice(ctx), str(params, 'wallet') ?? 'points', ctx.event.time);
      return balance[(str(params, 'kind') ?? 'available') as 'available'];
    },
  },
  'incentives.tier': {
    description: { en: 'The current tier id (basic, advanced, core…).', 'zh-CN': '当前层级。' },
    value: currentTier,
  },
  'incentives.benefits': {
    description: {
      en: 'Benefits of the current tier (use the contains operator).',
      'zh-CN': '当前层级的权益。',
    },
    value: (ctx) => tierLevel(settingsOf(ctx).tiers, currentTier(ctx) ?? undefined)?.benefits ?? [],
  },
  'incentives.score': {
    description: { en: 'The contribution score over the tier window.', 'zh-CN': '贡献分。' },
    value: (ctx) => contributionScore(slice(ctx), settingsOf(ctx).tiers, ctx.event.time, ctx.timezone),
  },
  'incentives.badges': {
    description: {
      en: 'Ids of the badges held, titles and perks included, without lapsed ones (use the contains operator).',
      'zh-CN': '已获得的徽章（含称号与权益，不含已过期的）。',
    },
    value: (ctx) => honoursInForce(slice(ctx), settingsOf(ctx).badges, ctx.event.time),
  },
  'incentives.streak': {
    description: {
      en: 'Current run of a streak (params: streak); 0 when broken.',
      'zh-CN': '当前连续天数/周数。',
    },
    params: {
      type: 'object',
      required: ['streak'],
      additionalProperties: false,
      properties: { streak: idParam },
    },
    value: (ctx, params) => streakRunAt(slice(ctx), settingsOf(ctx), ctx)(str(params, 'streak') ?? ''),
  },
  'incentives.count': {
    description: {
      en: 'Lifetime count of an action kind (params: action).',
      'zh-CN': '某类行为的累计次数。',
    },
    params: {
      type: 'object',
      required: ['action'],
      additionalProperties: false,
      properties: { action: idParam },
    },
    value: (ctx, params) => own(slice(ctx).actions, str(params, 'action') ?? '') ?? 0,
  },
  'incentives.nextMilestone': {
    description: {
      en: 'The nearest milestone not reached: { id, threshold, current, remaining, close } or null (params: action, streak or id).',
      'zh-CN': '最近的未达成里程碑（剩余次数），用于“还差 2 次”的提醒。',
    },
    params: {
      type: 'object',
      additionalProperties: false,
      properties: { action: idParam, streak: idParam, distinct: idParam, id: idParam },
    },
    value: (ctx, params) => {
      const settings = settingsOf(ctx);
      const filter: { action?: string; streak?: string; distinct?: string; id?: string } = {};
      for (const key of ['action', 'streak', 'distinct', 'id'] as const) {
        const v = str(params, key);
        if (v !== undefined) filter[key] = v;
      }
      return nextMilestone(
        slice(ctx),
        settings.milestones,
        streakRunAt(slice(ctx), settings, ctx),
        settings.nudgeWithin,
        filter,
      );
    },
  },
  'incentives.distinct': {
    description: {
      en: 'Distinct keys a counter holds (params: counter; minScore: only keys whose best score reaches it).',
      'zh-CN': '去重计数：计数器中不同键的个数（参数 counter；minScore：只计最佳得分达到该值的键）。',
    },
    params: {
      type: 'object',
      required: ['counter'],
      additionalProperties: false,
      properties: { counter: idParam, minScore: { type: 'number' } },
    },
    value: (ctx, params) =>
      distinctCount(
        slice(ctx),
        str(params, 'counter') ?? '',
        typeof params?.minScore === 'number' ? params.minScore : undefined,
      ),
  },
  'incentives.best': {
    description: {
      en: "Best score kept for a key of a counter (params: counter; key, default the current event's key), or null.",
      'zh-CN': '计数器中某键保留的最佳得分（参数 counter；key 默认为当前事件的键），没有则为 null。',
    },
    params: keyParams,
    value: (ctx, params) => {
      const kept = keptFor(ctx, params);
      return kept ? kept.score : null;
    },
  },
  'incentives.submission': {
    description: {
      en: 'The kept (best) submission for a key of a counter: { key, eventId, score, at, submissions } or null (params: counter; key).',
      'zh-CN':
        '计数器中某键保留的最佳提交：{ key, eventId, score, at, submissions }，没有则为 null（参数 counter；key）。',
    },
    params: keyParams,
    value: (ctx, params) => keptFor(ctx, params),
  },
  'incentives.milestones': {
    description: { en: 'Ids of the milestones reached.', 'zh-CN': '已达成的里程碑。' },
    value: (ctx) => Object.keys(slice(ctx).milestones),
  },
  'incentives.growth': {
    description: {
      en: 'The growth summary: actions by kind, badges, milestones, tier history, earned.',
      'zh-CN': '成长报告。',
    },
    value: (ctx) => growthSummary(slice(ctx), ctx.event.time),
  },
};
