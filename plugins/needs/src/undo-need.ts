import { type DispatchContext, localized, undoneEventId } from '@engageloop/core';
import { needKey } from './need-doc';
import type { NeedsSettings } from './settings';
import { slaTimerId } from './sla';
import { DECIDED } from './transitions';
import type { NeedDoc, NeedsSlice } from './types';

type Ctx = DispatchContext<NeedsSlice, NeedsSettings>;

/**
 * `afterRules`: an applied undo withdraws the need item the undone event opened (a review, a complaint): the
 * `need:<id>` document (the undone event's id, see `undoneEventId`) is deleted, its SLA timers cancelled and the user's `voiced` count lowered, so SLA and
 * loop-closure figures read as if it was never voiced (`need:withdrawn`). An undo the replies plugin refused
 * (`undo:refused`) withdraws nothing; nor does one naming another user's need. A need already decided, or that
 * other users joined, stays (noted in the trace): its outcome was told, or it is theirs too.
 */
export function withdrawUndoneNeed(ctx: Ctx): void {
  const target = undoneEventId(ctx.policy, ctx.event);
  if (target === undefined || ctx.signals['undo:refused'] !== undefined) return;
  const need = ctx.doc<NeedDoc>(needKey(target));
  if (!need || need.userId !== ctx.event.userId) return;
  if (DECIDED.has(need.status) || need.supporters.length > 1) {
    ctx.note(
      localized(
        'undo: the need item stays (already decided, or voiced by others too)',
        '撤销：需求保留（已有决定，或其他用户也提出了该需求）',
      ),
      { needId: target, status: need.status, supporters: need.supporters.length },
    );
    return;
  }
  ctx.setDoc(needKey(target), null);
  for (const deadline of ['acknowledge', 'resolve'] as const) ctx.cancelTimer(slaTimerId(target, deadline));
  const slice = ctx.slice();
  ctx.setSlice({ ...slice, voiced: Math.max(0, slice.voiced - 1) });
  ctx.emit('need:withdrawn', { needId: target, userId: ctx.event.userId, eventId: ctx.event.id });
}
