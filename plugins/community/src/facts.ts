import type { FactContext, FactDefinition } from '@engageloop/core';
import { str, subjectOf } from './context';
import { contestPrefix, tallyKey } from './keys';
import { periodOf } from './periods';
import { standing } from './reviews';
import type { CommunitySettings } from './settings';
import type { CommunitySlice, GroupState, ItemState } from './types';
import { userPart } from './user-state';

type Ctx = FactContext<CommunitySettings>;

/** The item an event concerns: its own `item:` entity, else `payload.item`. */
export function eventItem(
  event: Parameters<typeof subjectOf>[0] & { payload: Record<string, unknown> },
): string | undefined {
  const self = subjectOf(event);
  return self.kind === 'item' ? self.id : str(event.payload, 'item');
}

const itemState = (ctx: Ctx): ItemState | null => ctx.slice<CommunitySlice>().item ?? null;
const groupState = (ctx: Ctx): GroupState | null => ctx.slice<CommunitySlice>().group ?? null;
const scheme = {
  type: 'object',
  additionalProperties: false,
  required: ['scheme'],
  properties: { scheme: { type: 'string' } },
};

function itemStanding(ctx: Ctx, params: Record<string, unknown> | undefined) {
  const item = itemState(ctx);
  const id = String(params?.scheme ?? '');
  const s = Object.hasOwn(ctx.settings.reviews, id) ? ctx.settings.reviews[id] : undefined;
  return item && s ? standing(item, id, s) : null;
}

/** The facts rules may use. Item and group state is read on the item's or group's own events. */
export const COMMUNITY_FACTS: Record<string, FactDefinition<CommunitySettings>> = {
  'community.itemLikes': {
    description: { en: "Likes on the event's item (its tally).", 'zh-CN': '本事件条目的点赞数。' },
    value: (ctx) => {
      const item = eventItem(ctx.event);
      return item === undefined ? 0 : ctx.counter(tallyKey('like', item));
    },
  },
  'community.itemVotes': {
    description: {
      en: "Votes for `option` (default the first vote option) on the event's item.",
      'zh-CN': '本事件条目获得的某选项票数（默认第一个选项）。',
    },
    params: { type: 'object', additionalProperties: false, properties: { option: { type: 'string' } } },
    value: (ctx, params) => {
      const item = eventItem(ctx.event);
      const option = String(params?.option ?? ctx.settings.voteOptions[0]);
      if (item === undefined || !ctx.settings.voteOptions.includes(option)) return 0;
      return ctx.counter(tallyKey(`vote:${option}`, item));
    },
  },
  'community.item': {
    description: {
      en: "On an item's own event: the item ({ id, kind, ownerId, group, track, stage, … }), else null.",
      'zh-CN': '条目事件中：条目本身（id、类型、作者、小组、流程、阶段等），否则为 null。',
    },
    value: (ctx) => itemState(ctx),
  },
  'community.itemCredits': {
    description: {
      en: "On an item's own event: the users credited on it [{ user, as, name, at }] (naming, course page…).",
      'zh-CN': '条目事件中：在该条目上署名的用户 [{ user, as, name, at }]（冠名、课程页署名等）。',
    },
    value: (ctx) => itemState(ctx)?.credits ?? [],
  },
  'community.itemStage': {
    description: {
      en: "On an item's own event: its stage (null without a track).",
      'zh-CN': '条目事件中：条目当前阶段。',
    },
    value: (ctx) => itemState(ctx)?.stage ?? null,
  },
  'community.itemScore': {
    description: {
      en: "On an item's own event: the mean weighted review score under `scheme` (null before any review).",
      'zh-CN': '条目事件中：按评审方案 `scheme` 的加权平均分（未评审时为 null）。',
    },
    params: scheme,
    value: (ctx, params) => itemStanding(ctx, params)?.score ?? null,
  },
  'community.itemPassed': {
    description: {
      en: "On an item's own event: whether its reviews under `scheme` reach the pass mark.",
      'zh-CN': '条目事件中：按评审方案 `scheme` 是否达标。',
    },
    params: scheme,
    value: (ctx, params) => itemStanding(ctx, params)?.passed ?? false,
  },
  'community.itemReviews': {
    description: {
      en: "On an item's own event: how many reviewers reviewed it under `scheme`.",
      'zh-CN': '条目事件中：按评审方案 `scheme` 已评审的人数。',
    },
    params: scheme,
    value: (ctx, params) => itemStanding(ctx, params)?.reviews ?? 0,
  },
  'community.group': {
    description: {
      en: "On a group's own event: the group ({ id, kind, members, streak, buy }), else null.",
      'zh-CN': '小组事件中：小组本身（成员、连续打卡、团购状态），否则为 null。',
    },
    value: (ctx) => groupState(ctx),
  },
  'community.groupSize': {
    description: { en: "On a group's own event: its number of members.", 'zh-CN': '小组事件中：成员数。' },
    value: (ctx) => groupState(ctx)?.members.length ?? 0,
  },
  'community.groupRole': {
    description: {
      en: "The user's role in `group` (default `payload.group`): owner, leader, tutor, member, or null.",
      'zh-CN': '用户在小组 `group`（默认 `payload.group`）中的角色，非成员为 null。',
    },
    params: { type: 'object', additionalProperties: false, properties: { group: { type: 'string' } } },
    value: (ctx, params) => {
      const group = typeof params?.group === 'string' ? params.group : str(ctx.event.payload, 'group');
      const groups = userPart(ctx.slice<CommunitySlice>()).groups;
      return group !== undefined && Object.hasOwn(groups, group) ? groups[group] : null;
    },
  },
  'community.groups': {
    description: {
      en: 'The groups the user belongs to: group id → role.',
      'zh-CN': '用户所在的小组：小组 id → 角色。',
    },
    value: (ctx) => ({ ...userPart(ctx.slice<CommunitySlice>()).groups }),
  },
  'community.rating': {
    description: {
      en: 'Ratings the user received: { average, count } (average null before any).',
      'zh-CN': '用户收到的评分：{ average, count }（无评分时 average 为 null）。',
    },
    value: (ctx) => {
      const { count, sum } = userPart(ctx.slice<CommunitySlice>()).ratings;
      return { count, average: count === 0 ? null : Math.round((sum / count) * 100) / 100 };
    },
  },
  'community.leaderboard': {
    description: {
      en: "On an event naming a contest (`payload.contest`): the current period's entries [{ entry, value }], highest first (ties by ascending id).",
      'zh-CN':
        '在带有评比（`payload.contest`）的事件中：本周期排行 [{ entry, value }]，高者在前（同分按 id 升序）。',
    },
    value: (ctx) => {
      const prefix = leaderboardPrefix(ctx.settings, ctx.event, ctx.policy.defaults.timezone);
      if (prefix === undefined) return null;
      return ctx
        .top(prefix)
        .map((e: { key: string; value: number }) => ({ entry: e.key.slice(prefix.length), value: e.value }));
    },
  },
};

/** The leaderboard an event names: the period it closes (`period`), else the current period of `payload.contest`. */
export function leaderboardPrefix(
  settings: CommunitySettings,
  event: { time: number; payload: Record<string, unknown> },
  timezone: string,
): string | undefined {
  const contest = settings.contests.find((c) => c.id === event.payload.contest);
  if (!contest) return undefined;
  const period = str(event.payload, 'period') ?? periodOf(event.time, timezone, contest.period).key;
  return contestPrefix(contest.id, period);
}
