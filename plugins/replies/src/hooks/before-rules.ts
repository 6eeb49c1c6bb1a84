import type { DispatchContext } from '@engageloop/core';
import type { RepliesSettings } from '../settings';
import {
  type ActionRecord,
  type CurrentDispatch,
  keepLast,
  type RepliesState,
  sliceOf,
  undoableActions,
} from '../state';
import { undoAction } from '../undo';
import { applyBest, applyDrafts, retryInfo, str, subjectFor } from './record';

type Ctx = DispatchContext<RepliesState, RepliesSettings>;

export const UNDO_EVENT = 'action.undone';

/**
 * Before the rules: recognise retries (same client key), keep drafts and the best version of tasks,
 * remember the action for undo, perform an undo, and set `current` for this dispatch's facts.
 */
export function beforeRules(ctx: Ctx): void {
  let state = sliceOf(ctx.slice());
  const { event } = ctx;
  // Timers and derived events are not something the user did: nothing to undo or retry.
  const notByUser = event.source !== 'event';
  const { clientKey, retryOf } = retryInfo(ctx, state);
  const subject = subjectFor(ctx, state, clientKey);
  if (clientKey && !retryOf && !state.clientKeys.some((k) => k.key === clientKey)) {
    state = {
      ...state,
      clientKeys: keepLast(
        [...state.clientKeys, { key: clientKey, eventId: event.id }],
        ctx.settings.limits.actions,
      ),
    };
  }
  state = applyDrafts(ctx, state);
  const kept = applyBest(ctx, state, retryOf);
  state = kept.state;
  let undo: CurrentDispatch['undo'] = null;
  if (event.type === UNDO_EVENT) {
    const target = str(event.payload.eventId);
    if (target) {
      const result = undoAction(ctx, state, target);
      state = result.state;
      undo = { status: result.status, eventId: target };
    }
  } else if (!notByUser && !retryOf) {
    const record: ActionRecord = {
      eventId: event.id,
      type: event.type,
      at: event.time,
      clientKey,
      replies: [],
      bestBefore: kept.bestBefore,
      undone: false,
    };
    // Trimmed on write to what an undo can still reach (an undo that is refused changes nothing).
    state = {
      ...state,
      actions: undoableActions(
        [...state.actions.filter((a) => a.eventId !== event.id), record],
        event.time,
        ctx.settings.undo.windowSeconds * 1000,
        ctx.settings.limits.actions,
      ),
    };
  }
  ctx.setSlice({
    ...state,
    current: { eventId: event.id, subject, retryOf, replies: 0, best: kept.best, undo },
  });
}
