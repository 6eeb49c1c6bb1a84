import { defineEffect, type EffectType, localDayNumber, resolvePath } from '@engageloop/core';
import { scoreFor } from './contest-entries';
import { subjectOf } from './context';
import { creditEffect } from './credits';
import { ENTITY_EVENTS } from './events';
import { groupEntity, itemEntity } from './keys';
import type { CommunitySettings } from './settings';
import type { CommunitySlice } from './types';
import { withDone } from './undo';
import { userPart } from './user-state';

const id = { type: 'string', pattern: '^[a-z][a-z0-9_-]{0,63}$' };
const path = { type: 'string', minLength: 2, maxLength: 200, pattern: '^\\$' };

/** The params of `community.createItem`. */
export interface CreateItemParams {
  kind: string;
  idPath?: string;
  groupPath?: string;
  track?: string;
}
/** The params of `community.move`. */
export interface MoveParams {
  to: string;
  itemPath?: string;
}
/** The params of `community.score`. */
export interface ScoreParams {
  contest: string;
  amount?: number;
  itemPath?: string;
}

/** A string at a path of the event (`$.payload.postId`), or undefined. */
const at = (event: unknown, p: string | undefined): string | undefined => {
  if (p === undefined) return undefined;
  const v = resolvePath(event, p);
  return typeof v === 'string' && v.length > 0 && v.length <= 200
    ? v
    : typeof v === 'number'
      ? String(v)
      : undefined;
};

/** The item an effect concerns: the event's own item entity, else the item at `itemPath` (default `$.payload.item`). */
function itemOf(
  ctx: { event: Parameters<typeof subjectOf>[0] },
  itemPath: string | undefined,
): string | undefined {
  const self = subjectOf(ctx.event);
  if (self.kind === 'item' && itemPath === undefined) return self.id;
  return at(ctx.event, itemPath ?? '$.payload.item');
}

/** The effects rules may name. */
export const COMMUNITY_EFFECTS: Record<string, EffectType<CommunitySlice, never, CommunitySettings>> = {
  'community.credit': creditEffect,
  'community.createItem': defineEffect({
    description: {
      en: "Creates an item (post, proposal, suggestion, task, review…) owned by the event's user: its id at `idPath` (default the event id), its group at `groupPath`, on `track`.",
      'zh-CN':
        '创建一个归属本事件用户的条目（帖子、提案、建议、任务、评价等）：id 取自 `idPath`（默认事件 id），小组取自 `groupPath`，可指定流程 `track`。',
    },
    params: {
      type: 'object',
      additionalProperties: false,
      required: ['kind'],
      properties: { kind: id, idPath: path, groupPath: path, track: id },
    },
    apply: (state, params: CreateItemParams, ctx) => {
      if (subjectOf(ctx.event).kind !== 'user') {
        ctx.report({ status: 'skipped', reason: 'items are created by users' });
        return state;
      }
      const item = params.idPath === undefined ? ctx.event.id : at(ctx.event, params.idPath);
      if (item === undefined) {
        ctx.report({ status: 'skipped', reason: `no item id at ${params.idPath}` });
        return state;
      }
      const group = at(ctx.event, params.groupPath);
      ctx.derive({
        key: `create:${item}`,
        type: ENTITY_EVENTS.itemCreated,
        entity: itemEntity(item),
        payload: {
          kind: params.kind,
          owner: ctx.event.userId,
          ...(group !== undefined ? { group } : {}),
          ...(params.track !== undefined ? { track: params.track } : {}),
        },
      });
      ctx.report({ status: 'applied', data: { item } });
      return withDone(state, ctx.event.id, { kind: 'item', item, itemKind: params.kind });
    },
  }),
  'community.move': defineEffect({
    description: {
      en: "Moves an item to a stage of its track (the event's item, or the one at `itemPath`); a move the track does not allow is refused and reported.",
      'zh-CN': '将条目推进到其流程的某阶段（本事件的条目或 `itemPath` 所指条目）；流程不允许的变更会被拒绝。',
    },
    params: {
      type: 'object',
      additionalProperties: false,
      required: ['to'],
      properties: { to: id, itemPath: path },
    },
    apply: (state, params: MoveParams, ctx) => {
      const item = itemOf(ctx, params.itemPath);
      if (item === undefined) {
        ctx.report({ status: 'skipped', reason: 'no item in this event' });
        return state;
      }
      ctx.derive({
        key: `move:${item}:${params.to}`,
        type: ENTITY_EVENTS.itemMove,
        entity: itemEntity(item),
        payload: { to: params.to, by: ctx.event.userId },
      });
      return state;
    },
  }),
  'community.score': defineEffect({
    description: {
      en: "Adds `amount` (default 1) to a `score` contest's entry: the user, each group the user belongs to, or the event's item — whatever the contest ranks.",
      'zh-CN': '为计分类评比加分（默认 1）：按评比对象计入用户本人、其所在各小组或本事件的条目。',
    },
    params: {
      type: 'object',
      additionalProperties: false,
      required: ['contest'],
      properties: { contest: id, amount: { type: 'integer', minimum: -1000, maximum: 1000 }, itemPath: path },
    },
    apply: (state, params: ScoreParams, ctx) => {
      const contest = ctx.settings.contests.find((c) => c.id === params.contest);
      if (contest?.counts !== 'score') {
        ctx.report({ status: 'skipped', reason: `"${params.contest}" is not a score contest` });
        return state;
      }
      const amount = params.amount ?? 1;
      const self = subjectOf(ctx.event);
      if (contest.ranks === 'user' && self.kind === 'user')
        scoreFor(ctx, contest, { userId: self.id }, amount);
      else if (contest.ranks === 'group' && self.kind === 'group')
        scoreFor(ctx, contest, { entity: groupEntity(self.id) }, amount);
      else if (contest.ranks === 'group' && self.kind === 'user') {
        for (const g of Object.keys(userPart(state).groups))
          scoreFor(ctx, contest, { entity: groupEntity(g) }, amount);
      } else if (contest.ranks === 'item') {
        const item = itemOf(ctx, params.itemPath);
        if (item !== undefined) scoreFor(ctx, contest, { entity: itemEntity(item) }, amount);
      }
      return state;
    },
  }),
  'community.checkIn': defineEffect({
    description: {
      en: "Checks the user in for today (policy time zone) in every group they belong to: a day on which every member checked in grows the group's shared streak.",
      'zh-CN': '为用户在其所有小组中记录今日打卡（策略时区）：全员打卡的一天计入小组连续打卡。',
    },
    params: { type: 'object', additionalProperties: false, properties: {} },
    apply: (state, _params: Record<string, never>, ctx) => {
      if (subjectOf(ctx.event).kind !== 'user') return state;
      const day = localDayNumber(ctx.event.time, ctx.policy.defaults.timezone);
      for (const g of Object.keys(userPart(state).groups)) {
        ctx.derive({
          key: `checkin:${g}`,
          type: ENTITY_EVENTS.groupCheckedIn,
          entity: groupEntity(g),
          payload: { user: ctx.event.userId, day },
        });
      }
      return state;
    },
  }),
};
