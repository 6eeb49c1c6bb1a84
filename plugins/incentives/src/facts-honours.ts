import type { FactContext, FactDefinition } from '@engageloop/core';
import { settingsOf } from './effects/shared';
import { honoursInForce, inForce } from './model/honours';
import { own } from './model/state';
import { ID_PATTERN } from './settings';
import type { IncentivesSettings } from './settings-types';
import type { IncentivesState } from './types';

type Ctx = FactContext<IncentivesSettings>;
const slice = (ctx: Ctx) => ctx.slice<IncentivesState>();

/** The badge, title or perk `id` as held at the event time, or null (never held, or lapsed). */
function honourOf(ctx: Ctx, id: string) {
  const held = own(slice(ctx).badges, id);
  if (!inForce(held, ctx.event.time)) return null;
  return {
    id,
    kind: own(settingsOf(ctx).badges, id)?.kind ?? 'badge',
    level: held.level,
    since: new Date(held.at).toISOString(),
    until: held.until === undefined ? null : new Date(held.until).toISOString(),
  };
}

/** Facts on titles and perks (badges of kind `title` / `perk`), in force at the event time. */
export const honourFacts: Record<string, FactDefinition<IncentivesSettings>> = {
  'incentives.titles': {
    description: {
      en: 'Ids of the titles held now (badges of kind title; use the contains operator).',
      'zh-CN': '当前持有的称号（kind 为 title 的徽章；用 contains 运算符）。',
    },
    value: (ctx) => honoursInForce(slice(ctx), settingsOf(ctx).badges, ctx.event.time, 'title'),
  },
  'incentives.perks': {
    description: {
      en: 'Ids of the perks in force now (badges of kind perk: lifetime free trial, priority purchase…).',
      'zh-CN': '当前有效的权益（kind 为 perk 的徽章：终身免费试用、优先购买等）。',
    },
    value: (ctx) => honoursInForce(slice(ctx), settingsOf(ctx).badges, ctx.event.time, 'perk'),
  },
  'incentives.honour': {
    description: {
      en: 'A badge, title or perk as held now: { id, kind, level, since, until (null: lifetime) } or null (params: id).',
      'zh-CN':
        '当前持有的徽章、称号或权益：{ id, kind, level, since, until（null 为终身）}，未持有或已过期为 null（参数 id）。',
    },
    params: {
      type: 'object',
      required: ['id'],
      additionalProperties: false,
      properties: { id: { type: 'string', pattern: ID_PATTERN } },
    },
    value: (ctx, params) => honourOf(ctx, typeof params?.id === 'string' ? params.id : ''),
  },
};
