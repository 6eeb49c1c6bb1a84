import { defineEffect, localized, resolvePath, type Store } from '@engageloop/core';
import { type Ctx, str, subjectOf } from './context';
import { ENTITY_EVENTS, OWNER_EVENTS } from './events';
import { itemEntity } from './keys';
import type { CommunitySettings } from './settings';
import type { CommunitySlice, ItemCredit, ItemState } from './types';

/** At most this many credits are kept on one item (the first ones stand). */
export const MAX_CREDITS = 50;

/** The prefix of every honour wall's counters. */
export const CREDIT_COUNTERS = 'community:credits:';
/** The prefix of an honour wall's counters: one per credited user, the number of items crediting them `as`. */
export const creditPrefix = (as: string): string => `${CREDIT_COUNTERS}${as}:`;
export const creditKey = (as: string, userId: string): string => `${creditPrefix(as)}${userId}`;

/** The params of `community.credit`. */
export interface CreditParams {
  /** What the credit is for: `naming`, `course-page`, `honour-wall`… */
  as: string;
  /** Where the event names the item (default `$.payload.item`). */
  itemPath?: string;
  /** Where the event holds the name to show (default the user's profile name). */
  namePath?: string;
}

/** The name a credit shows: at `namePath`, else the profile's name; null when there is none. */
function creditName(ctx: Pick<Ctx, 'event' | 'user'>, namePath: string | undefined): string | null {
  const v = namePath === undefined ? ctx.user.profile.name : resolvePath(ctx.event, namePath);
  return typeof v === 'string' && v.length > 0 ? v.slice(0, 100) : null;
}

/**
 * `community.credit`: credits the event's user on an item (the naming credit of a co-created product, a credit
 * on a course page, the honour wall). The item records it once per user and `as`, the user's line on the
 * honour wall (`honourWall`) grows by one, and the user gets `community.contribution.credited`.
 */
export const creditEffect = defineEffect({
  description: {
    en: "Credits the event's user on an item (`as`: naming, course-page, honour-wall…) with their name (profile name, or `namePath`); once per user, item and `as`.",
    'zh-CN':
      '在条目上署名本事件用户（`as`：冠名、课程页署名、荣誉墙等），名字取自用户资料或 `namePath`；每人每条目每种署名一次。',
  },
  params: {
    type: 'object',
    additionalProperties: false,
    required: ['as'],
    properties: {
      as: { type: 'string', pattern: '^[a-z][a-z0-9_-]{0,63}$' },
      itemPath: { type: 'string', minLength: 2, maxLength: 200, pattern: '^\\$' },
      namePath: { type: 'string', minLength: 2, maxLength: 200, pattern: '^\\$' },
    },
  },
  apply: (state: CommunitySlice, params: CreditParams, ctx) => {
    const item = resolvePath(ctx.event, params.itemPath ?? '$.payload.item');
    if (subjectOf(ctx.event).kind !== 'user' || typeof item !== 'string' || item === '') {
      ctx.report({
        status: 'skipped',
        reason: 'credits go to a user, on the item the event names',
        reasonText: localized(
          'credits go to a user, on the item the event names',
          '署名须由用户事件发起，并指明条目',
        ),
      });
      return state;
    }
    const name = creditName(ctx, params.namePath);
    ctx.derive({
      key: `credit:${item}:${params.as}`,
      type: ENTITY_EVENTS.itemCredited,
      entity: itemEntity(item),
      payload: { user: ctx.event.userId, as: params.as, name },
    });
    ctx.report({ status: 'applied', data: { item, as: params.as, name } });
    return state;
  },
});

/** The item with a credit added; null when the user is already credited `as` on it, or it holds `limit`. */
export function addCredit(item: ItemState, credit: ItemCredit, limit = MAX_CREDITS): ItemState | null {
  const credits = item.credits ?? [];
  if (credits.length >= limit || credits.some((c) => c.user === credit.user && c.as === credit.as))
    return null;
  return { ...item, credits: [...credits, credit] };
}

/** `community.item.credited` on the item: record the credit, bump the honour wall, tell the user. */
export function credited(ctx: Ctx, item: ItemState): void {
  const p = ctx.event.payload;
  const credit: ItemCredit = {
    user: str(p, 'user') as string,
    as: str(p, 'as') as string,
    name: str(p, 'name') ?? null,
    at: ctx.event.time,
  };
  const next = addCredit(item, credit);
  if (!next) {
    ctx.note(localized('already credited (or the item is full)', '已署名（或条目署名已满）'), {
      item: item.id,
      user: credit.user,
      as: credit.as,
    });
    return;
  }
  ctx.setSlice({ ...ctx.slice(), item: next });
  ctx.addCounter(creditKey(credit.as, credit.user), 1);
  ctx.emit('community:item-credited', { item: item.id, ...credit });
  ctx.derive({
    key: `credited:${credit.as}`,
    type: OWNER_EVENTS.credited,
    userId: credit.user,
    payload: { item: item.id, kind: item.kind, as: credit.as, name: credit.name },
  });
}

/** The counter a credit bumps, for `prepare`. */
export function creditCounters(
  _settings: CommunitySettings,
  event: { type: string; payload: Record<string, unknown> },
): string[] {
  if (event.type !== ENTITY_EVENTS.itemCredited) return [];
  const as = str(event.payload, 'as');
  const user = str(event.payload, 'user');
  return as !== undefined && user !== undefined ? [creditKey(as, user)] : [];
}

/** One line of an honour wall: a user and how many items credit them. */
export interface HonourWallEntry {
  user: string;
  credits: number;
}

/**
 * The honour wall of a kind of credit (`as`), read from the store at any time: users with the most items
 * crediting them first, equal counts by ascending user id.
 *
 * @example
 * const wall = await honourWall(engine.store, 'naming', 20); // [{ user: 'u7', credits: 3 }, …]
 */
export async function honourWall(
  store: Pick<Store, 'topCounters'>,
  as: string,
  limit = 100,
): Promise<HonourWallEntry[]> {
  const prefix = creditPrefix(as);
  const entries = await store.topCounters(prefix, { limit });
  return entries.map((e) => ({ user: e.key.slice(prefix.length), credits: e.value }));
}
