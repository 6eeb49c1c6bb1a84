import { localized } from '@engageloop/core';
import { scoreContests } from './contest-entries';
import { type Ctx, own, str } from './context';
import { credited } from './credits';
import { ENTITY_EVENTS, OWNER_EVENTS } from './events';
import { itemEntity, tallyKey } from './keys';
import { addReview, standing, weightedScore, withoutReview } from './reviews';
import { canMove, stageDeadline } from './tracks';
import type { ItemState } from './types';

const overdueTimer = (item: string) => `community:item:${item}:overdue`;

/** Enters `stage` (or the track's first): re-arms the stage's deadline timer. */
function enterStage(ctx: Ctx, item: ItemState, stage: string): ItemState {
  const track = item.track === null ? undefined : own(ctx.settings.tracks, item.track);
  ctx.cancelTimer(overdueTimer(item.id));
  const due = track ? stageDeadline(track, stage, ctx.event.time) : null;
  if (due !== null) {
    ctx.schedule({
      id: overdueTimer(item.id),
      type: ENTITY_EVENTS.itemOverdue,
      dueAt: due,
      entity: itemEntity(item.id),
      payload: { stage, since: ctx.event.time },
    });
  }
  return { ...item, stage, stageSince: ctx.event.time, visit: (item.visit ?? 0) + 1 };
}

function created(ctx: Ctx, id: string): void {
  const slice = ctx.slice();
  if (ctx.event.payload.withdrawn === true) {
    // Its owner undid the event that created it: the item is gone, as if never created.
    if (slice.item?.ownerId !== ctx.event.payload.owner) return;
    const { item: _gone, ...rest } = slice;
    ctx.setSlice(rest);
    return;
  }
  if (slice.item) {
    ctx.note(localized('the item exists: the first creation stands', '条目已存在：以首次创建为准'), {
      item: id,
    });
    return;
  }
  const p = ctx.event.payload;
  const trackId = str(p, 'track') ?? null;
  const track = trackId !== null && Object.hasOwn(ctx.settings.tracks, trackId) ? trackId : null;
  let item: ItemState = {
    id,
    kind: str(p, 'kind') as string,
    ownerId: str(p, 'owner') as string,
    createdAt: ctx.event.time,
    group: str(p, 'group') ?? null,
    track,
    stage: null,
    stageSince: null,
    reviews: [],
  };
  if (track !== null) item = enterStage(ctx, item, own(ctx.settings.tracks, track)?.stages[0] as string);
  ctx.setSlice({ ...slice, item });
  ctx.emit('community:item-created', { item: id, kind: item.kind, owner: item.ownerId, group: item.group });
}

function reacted(ctx: Ctx, item: ItemState): void {
  const p = ctx.event.payload;
  const reaction = str(p, 'reaction') as string;
  const delta = p.delta as 1 | -1;
  scoreContests(ctx, item, reaction, delta);
  ctx.derive({
    key: 'owner',
    type: OWNER_EVENTS.reacted,
    userId: item.ownerId,
    payload: {
      item: item.id,
      kind: item.kind,
      reaction,
      delta,
      total: ctx.counter(tallyKey(reaction, item.id)),
      by: str(p, 'by') as string,
    },
  });
}

function reviewed(ctx: Ctx, item: ItemState): void {
  const p = ctx.event.payload;
  const by = str(p, 'by') as string;
  const schemeId = str(p, 'scheme') as string;
  const scheme = own(ctx.settings.reviews, schemeId);
  if (!scheme || by === item.ownerId) {
    ctx.note(
      localized('review ignored: unknown scheme or own item', '评审被忽略：方案未知或评审自己的条目'),
      { by },
    );
    return;
  }
  const scores = p.scores as Record<string, number>;
  // A withdrawn review (its reviewer undid it) leaves the item's standing without it.
  const next =
    p.withdrawn === true
      ? withoutReview(item, by, schemeId)
      : addReview(
          item,
          {
            by,
            scheme: schemeId,
            scores,
            score: weightedScore(scheme, scores),
            at: ctx.event.time,
            ...(item.visit === undefined ? {} : { visit: item.visit }),
          },
          ctx.settings.limits.reviews,
        );
  ctx.setSlice({ ...ctx.slice(), item: next });
  const s = standing(next, schemeId, scheme);
  ctx.emit('community:item-reviewed', { item: item.id, scheme: schemeId, score: s.score, passed: s.passed });
  ctx.derive({
    key: 'owner',
    type: OWNER_EVENTS.reviewed,
    userId: item.ownerId,
    payload: { item: item.id, kind: item.kind, scheme: schemeId, ...s },
  });
}

function move(ctx: Ctx, item: ItemState): void {
  const to = str(ctx.event.payload, 'to') as string;
  const track = item.track === null ? undefined : own(ctx.settings.tracks, item.track);
  const from = item.stage;
  const allowed = track !== undefined && canMove(track, from, to);
  ctx.emit('community:item-moved', { item: item.id, track: item.track ?? '', from, to, refused: !allowed });
  if (!allowed) {
    ctx.note(localized('move refused by the track', '阶段变更不符合流程'), { item: item.id, from, to });
    return;
  }
  ctx.setSlice({ ...ctx.slice(), item: enterStage(ctx, item, to) });
  ctx.derive({
    key: 'owner',
    type: OWNER_EVENTS.moved,
    userId: item.ownerId,
    payload: { item: item.id, kind: item.kind, track: item.track, from, to },
  });
}

function overdue(ctx: Ctx, item: ItemState): void {
  const p = ctx.event.payload;
  if (item.stage !== p.stage || item.stageSince !== p.since) return;
  ctx.emit('community:item-overdue', {
    item: item.id,
    track: item.track ?? '',
    stage: item.stage as string,
    since: item.stageSince as number,
  });
}

function placed(ctx: Ctx, item: ItemState): void {
  const p = ctx.event.payload;
  ctx.derive({
    key: 'won',
    type: OWNER_EVENTS.won,
    userId: item.ownerId,
    payload: {
      contest: p.contest,
      period: p.period,
      rank: p.rank,
      value: p.value,
      entry: item.id,
      as: 'owner',
    },
  });
}

/** `beforeRules` on an `item:` entity. */
export function handleItemEvent(ctx: Ctx, id: string): void {
  const type = ctx.event.type;
  if (type === ENTITY_EVENTS.itemCreated) {
    created(ctx, id);
    return;
  }
  const item = ctx.slice().item;
  if (!item) {
    ctx.note(localized('no such item', '条目不存在'), { item: id, type });
    return;
  }
  if (type === ENTITY_EVENTS.itemReacted) reacted(ctx, item);
  else if (type === ENTITY_EVENTS.itemReviewed) reviewed(ctx, item);
  else if (type === ENTITY_EVENTS.itemMove) move(ctx, item);
  else if (type === ENTITY_EVENTS.itemOverdue) overdue(ctx, item);
  else if (type === ENTITY_EVENTS.itemPlaced) placed(ctx, item);
  else if (type === ENTITY_EVENTS.itemCredited) credited(ctx, item);
}
