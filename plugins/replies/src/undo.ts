import { type DispatchContext, EngageLoopError, localized } from '@engageloop/core';
import { compensate } from './compensate';
import type { RepliesSettings } from './settings';
import type { ActionRecord, RepliesState, UndoStatus } from './state';

type Ctx = DispatchContext<RepliesState, RepliesSettings>;

/**
 * Throws `UNDO_WINDOW_EXPIRED` when an action at `actionAt` can no longer be undone at `undoAt`
 * (epoch ms, event time). Hosts may call it to check before offering an undo button.
 *
 * @example
 * assertUndoWindow('e1', actionAt, undoAt, 1800) // throws after 30 minutes
 */
export function assertUndoWindow(
  eventId: string,
  actionAt: number,
  undoAt: number,
  windowSeconds: number,
): void {
  if (undoAt - actionAt > windowSeconds * 1000) {
    throw new EngageLoopError('UNDO_WINDOW_EXPIRED', {
      message: localized(
        `Event "${eventId}" can no longer be undone: the undo window of ${windowSeconds}s has passed.`,
        `事件 "${eventId}" 已无法撤销：${windowSeconds} 秒的撤销时限已过。`,
      ),
      plugin: 'replies',
      data: { eventId, actionAt, undoAt, windowSeconds },
    });
  }
}

/** Whether the action is the kept best version of its task (so undoing it brings back the version before it). */
const isKeptBest = (state: RepliesState, target: ActionRecord): boolean =>
  target.bestBefore !== null &&
  state.best.some((b) => b.taskId === target.bestBefore?.taskId && b.eventId === target.eventId);

/**
 * Restores what the action changed in the slice: the best version (the one before it, when it is still the
 * kept best; else the version that superseded it now follows the one before it), client key, sent replies.
 */
function revertSlice(state: RepliesState, target: ActionRecord, userId: string): RepliesState {
  let best = state.best;
  let actions = state.actions.map((a) => (a.eventId === target.eventId ? { ...a, undone: true } : a));
  if (target.bestBefore && isKeptBest(state, target)) {
    const { taskId, previous } = target.bestBefore;
    best = best.filter((b) => b.taskId !== taskId);
    if (previous) best = [...best, previous];
  } else if (target.bestBefore) {
    const before = target.bestBefore;
    actions = actions.map((a) =>
      a.bestBefore?.previous?.eventId === target.eventId ? { ...a, bestBefore: before } : a,
    );
  }
  const replies = new Set(target.replies);
  return {
    ...state,
    best,
    clientKeys: state.clientKeys.filter((k) => k.eventId !== target.eventId),
    sent: state.sent.filter((key) => !replies.has(`reply:${userId}:${key}`)),
    actions,
  };
}

/**
 * Undoes the action `targetId` within the policy's window: compensating effects (points revoked by
 * reversal entries), its queued-but-unsent replies cancelled, and the slice restored. Past the window
 * the undo is refused (`undo:refused` with an `UNDO_WINDOW_EXPIRED` error), or with
 * `undo.onExpired: "fail"` the dispatch fails with that error (outcome.error.code).
 */
export function undoAction(
  ctx: Ctx,
  state: RepliesState,
  targetId: string,
): { state: RepliesState; status: UndoStatus } {
  const target = state.actions.find((a) => a.eventId === targetId);
  const base = { eventId: ctx.event.id, userId: ctx.event.userId, undoneEventId: targetId };
  if (!target) {
    ctx.note(localized('undo: no recent action with this event id', '撤销：最近没有这个事件 id 的操作'), {
      eventId: targetId,
    });
    return { state, status: 'unknown' };
  }
  if (target.undone) return { state, status: 'already-undone' };
  const { windowSeconds, onExpired } = ctx.settings.undo;
  try {
    assertUndoWindow(targetId, target.at, ctx.event.time, windowSeconds);
  } catch (error) {
    if (onExpired === 'fail') throw error;
    ctx.emit('undo:refused', { ...base, error: error as EngageLoopError });
    ctx.note(localized('undo refused: window expired', '撤销被拒绝：已超过撤销时限'), {
      eventId: targetId,
      windowSeconds,
    });
    return { state, status: 'expired' };
  }
  const back = isKeptBest(state, target) ? target.bestBefore?.previous?.eventId : undefined;
  const compensated = compensate(ctx, targetId, 'undo', 'event', back);
  if (target.replies.length > 0) ctx.cancelMessages(target.replies);
  ctx.emit('undo:applied', { ...base, compensated, cancelled: [...target.replies] });
  return { state: revertSlice(state, target, ctx.event.userId), status: 'undone' };
}
