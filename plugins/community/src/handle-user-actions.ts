import { localized } from '@engageloop/core';
import { type Ctx, invalid, str } from './context';
import { ENTITY_EVENTS, OWNER_EVENTS, USER_EVENTS } from './events';
import { groupEntity, itemEntity, tallyKey } from './keys';
import { reviewProblem } from './reviews';
import type { Reaction, Role } from './types';
import { remember } from './undo';
import { rate, react, reactionOf, receiveRating, userPart } from './user-state';

/** A like, a vote, or the withdrawal of either: the user's slice remembers it, the item's tally is a counter. */
function reactTo(ctx: Ctx, kind: 'like' | 'vote', reaction: Reaction | null): void {
  const p = ctx.event.payload;
  const item = str(p, 'item') as string;
  if (reaction?.kind === 'vote' && !ctx.settings.voteOptions.includes(reaction.option)) {
    invalid(
      `"${reaction.option}" is not a vote option of this policy.`,
      'Use one of settings.community.voteOptions.',
    );
  }
  const slice = ctx.slice();
  const before = reactionOf(userPart(slice), item, kind) ?? null;
  const change = react(userPart(slice), item, kind, reaction, ctx.settings.limits.reactions);
  if (!change) {
    ctx.note(localized('no change: the reaction was already so', '无变化：该反应已是如此'), { item });
    return;
  }
  ctx.setSlice({ ...slice, user: change.user });
  remember(ctx, { kind: 'react', item, reaction: kind, before, after: reaction });
  for (const { reaction: name, delta } of change.bumps) {
    ctx.addCounter(tallyKey(name, item), delta);
    ctx.derive({
      key: `reacted:${name}`,
      type: ENTITY_EVENTS.itemReacted,
      entity: itemEntity(item),
      payload: { reaction: name, delta, by: ctx.event.userId },
    });
    ctx.emit('community:reacted', { item, reaction: name, delta, by: ctx.event.userId });
  }
}

function review(ctx: Ctx): void {
  const p = ctx.event.payload;
  const scheme = str(p, 'scheme') as string;
  const settings = Object.hasOwn(ctx.settings.reviews, scheme) ? ctx.settings.reviews[scheme] : undefined;
  if (!settings) invalid(`No review scheme "${scheme}".`, 'Declare it in settings.community.reviews.');
  const scores = p.scores as Record<string, number>;
  const problem = reviewProblem(settings, scores);
  if (problem) invalid(`Review scores: ${problem}.`);
  remember(ctx, { kind: 'review', item: str(p, 'item') as string, scheme });
  ctx.derive({
    key: 'reviewed',
    type: ENTITY_EVENTS.itemReviewed,
    entity: itemEntity(str(p, 'item') as string),
    payload: { by: ctx.event.userId, scheme, scores },
  });
}

function rateUser(ctx: Ctx): void {
  const p = ctx.event.payload;
  const rated = str(p, 'user') as string;
  const item = str(p, 'item') as string;
  if (rated === ctx.event.userId) invalid('A user cannot rate themselves.');
  const slice = ctx.slice();
  const next = rate(userPart(slice), item, rated, ctx.settings.limits.ratings);
  if (!next) {
    ctx.note(localized('already rated for this item', '已就该条目评过分'), { item, user: rated });
    return;
  }
  ctx.setSlice({ ...slice, user: next });
  remember(ctx, { kind: 'rate', item, user: rated, rating: p.rating as number });
  ctx.derive({
    key: 'rated',
    type: OWNER_EVENTS.rated,
    userId: rated,
    payload: { by: ctx.event.userId, item, rating: p.rating },
  });
}

function ratingReceived(ctx: Ctx): void {
  const p = ctx.event.payload;
  const slice = ctx.slice();
  if (p.withdrawn === true) {
    // Its giver undid it: the average is as if it was never given.
    const user = receiveRating(userPart(slice), -(p.rating as number), -1);
    const ratings = user.ratings.count > 0 ? user.ratings : { count: 0, sum: 0 };
    ctx.setSlice({ ...slice, user: { ...user, ratings } });
    return;
  }
  const user = receiveRating(userPart(slice), p.rating as number);
  ctx.setSlice({ ...slice, user });
  const average = Math.round((user.ratings.sum / user.ratings.count) * 100) / 100;
  const by = str(p, 'by') as string;
  ctx.emit('community:rated', { by, item: str(p, 'item') as string, rating: p.rating as number, average });
}

/** Asks the group entity to create, join, leave or set a role; the group decides (and may refuse). */
function groupRequest(ctx: Ctx, action: 'create' | 'join' | 'leave' | 'role'): void {
  const p = ctx.event.payload;
  const kind = str(p, 'kind') ?? 'group';
  if (action === 'create' && !Object.hasOwn(ctx.settings.groups, kind)) {
    invalid(`No group kind "${kind}".`, 'Declare it in settings.community.groups.');
  }
  const group = str(p, 'group') as string;
  if (action === 'join' || action === 'create') remember(ctx, { kind: action, group });
  if (action === 'role')
    remember(ctx, { kind: 'role', group, member: str(p, 'member') as string, role: p.role as Role });
  ctx.derive({
    key: `group:${action}`,
    type: ENTITY_EVENTS.groupRequest,
    entity: groupEntity(str(p, 'group') as string),
    payload: {
      action,
      user: ctx.event.userId,
      ...(action === 'create' ? { kind } : {}),
      ...(action === 'role' ? { member: p.member, role: p.role } : {}),
    },
  });
}

/** `beforeRules` for what users do: reactions, reviews, ratings, group requests. True when handled. */
export function handleUserAction(ctx: Ctx): boolean {
  switch (ctx.event.type) {
    case USER_EVENTS.like:
      reactTo(ctx, 'like', { kind: 'like' });
      return true;
    case USER_EVENTS.unlike:
      reactTo(ctx, 'like', null);
      return true;
    case USER_EVENTS.vote:
      reactTo(ctx, 'vote', { kind: 'vote', option: str(ctx.event.payload, 'option') ?? 'yes' });
      return true;
    case USER_EVENTS.unvote:
      reactTo(ctx, 'vote', null);
      return true;
    case USER_EVENTS.review:
      review(ctx);
      return true;
    case USER_EVENTS.rate:
      rateUser(ctx);
      return true;
    case OWNER_EVENTS.rated:
      ratingReceived(ctx);
      return true;
    case USER_EVENTS.groupCreate:
      groupRequest(ctx, 'create');
      return true;
    case USER_EVENTS.groupJoin:
      groupRequest(ctx, 'join');
      return true;
    case USER_EVENTS.groupLeave:
      groupRequest(ctx, 'leave');
      return true;
    case USER_EVENTS.groupRole:
      groupRequest(ctx, 'role');
      return true;
    default:
      return false;
  }
}
