import { declaresUndo, localized, undoneEventId } from '@engageloop/core';
import type { Ctx } from './context';
import { ENTITY_EVENTS, OWNER_EVENTS, USER_EVENTS } from './events';
import { groupEntity, itemEntity } from './keys';
import type { CommunitySlice, Reaction, UndoableAction, UserCommunity } from './types';
import { reactionOf, userPart } from './user-state';

/** How many of a user's latest community actions are remembered so an undo can take them back. */
const UNDO_MEMORY = 50;

/** The slice remembering that the event `eventId` did `action`, for an undo of it. Pure. */
export function withDone(slice: CommunitySlice, eventId: string, action: UndoableAction): CommunitySlice {
  const user = userPart(slice);
  const done = [...(user.done ?? []), [eventId, action] as [string, UndoableAction]].slice(-UNDO_MEMORY);
  return { ...slice, user: { ...user, done } };
}

/**
 * Remembers what the dispatched event did (a reaction, rating, review, join, role), for an undo of it — only
 * when the policy declares an undo type: otherwise nothing could take it back.
 */
export const remember = (ctx: Ctx, action: UndoableAction): void => {
  if (declaresUndo(ctx.policy)) ctx.setSlice(withDone(ctx.slice(), ctx.event.id, action));
};

const same = (a: Reaction | null | undefined, b: Reaction | null | undefined) =>
  JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The user event that gives the reaction back its state before (`before`), for the item. */
function reactionBack(action: Extract<UndoableAction, { kind: 'react' }>) {
  const { before, reaction } = action;
  if (before === null)
    return {
      type: reaction === 'like' ? USER_EVENTS.unlike : USER_EVENTS.unvote,
      payload: { item: action.item },
    };
  if (before.kind === 'like') return { type: USER_EVENTS.like, payload: { item: action.item } };
  return { type: USER_EVENTS.vote, payload: { item: action.item, option: before.option } };
}

/**
 * Takes back what an undone event did in the community, through the same events a user would send (so tallies,
 * contest entries and leaderboards follow): a like or vote goes back to what it was before (unless a later
 * reaction changed it since), a rating and a review are withdrawn from the rated user and the item, a group
 * joined is left, an item created is gone, a group created is left and, left empty, dissolved, a role set goes back to the one before.
 */
function takeBack(ctx: Ctx, user: UserCommunity, action: UndoableAction, undone: string): void {
  const key = 'undo';
  switch (action.kind) {
    case 'react': {
      if (!same(reactionOf(user, action.item, action.reaction), action.after)) {
        ctx.note(localized('undo: the reaction changed since', '撤销：该反应之后已有变化'), {
          item: action.item,
        });
        return;
      }
      ctx.derive({ key, ...reactionBack(action), userId: ctx.event.userId });
      return;
    }
    case 'rate':
      ctx.derive({
        key,
        type: OWNER_EVENTS.rated,
        userId: action.user,
        payload: { by: ctx.event.userId, item: action.item, rating: action.rating, withdrawn: true },
      });
      return;
    case 'review':
      ctx.derive({
        key,
        type: ENTITY_EVENTS.itemReviewed,
        entity: itemEntity(action.item),
        payload: { by: ctx.event.userId, scheme: action.scheme, scores: {}, withdrawn: true },
      });
      return;
    case 'item':
      ctx.derive({
        key,
        type: ENTITY_EVENTS.itemCreated,
        entity: itemEntity(action.item),
        payload: { kind: action.itemKind, owner: ctx.event.userId, withdrawn: true },
      });
      return;
    case 'role':
      ctx.derive({
        key,
        type: ENTITY_EVENTS.groupRequest,
        entity: groupEntity(action.group),
        payload: {
          action: 'role',
          user: ctx.event.userId,
          member: action.member,
          role: action.role,
          withdrawn: true,
          undoes: undone,
        },
      });
      return;
    case 'join':
    case 'create':
      // An undone create dissolves the group when its creator was the last member (`withdrawn`).
      ctx.derive({
        key,
        type: ENTITY_EVENTS.groupRequest,
        entity: groupEntity(action.group),
        payload: {
          action: 'leave',
          user: ctx.event.userId,
          ...(action.kind === 'create' ? { withdrawn: true } : {}),
        },
      });
  }
}

/**
 * `afterRules`: an applied undo (an event type the policy declares `undoes`, not refused by the replies plugin's
 * window, `undo:refused`) of one of the user's remembered community actions takes it back (`takeBack`).
 */
export function undoCommunityAction(ctx: Ctx): void {
  const target = undoneEventId(ctx.policy, ctx.event);
  if (target === undefined || ctx.signals['undo:refused'] !== undefined || ctx.event.entity !== undefined)
    return;
  const slice = ctx.slice();
  const user = userPart(slice);
  const found = user.done?.find(([id]) => id === target);
  if (!found) return;
  const rest = (user.done ?? []).filter(([id]) => id !== target);
  const rated = found[1].kind === 'rate' ? `${found[1].item}|${found[1].user}` : null;
  ctx.setSlice({ ...slice, user: { ...user, done: rest, rated: user.rated.filter((k) => k !== rated) } });
  takeBack(ctx, user, found[1], target);
}
