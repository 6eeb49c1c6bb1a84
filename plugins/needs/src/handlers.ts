import {
  type DispatchContext,
  localized,
  type Policy,
  undoneEventId,
  type ValidatedEvent,
} from '@engageloop/core';
import { addSupporters, markBreached, needKey } from './need-doc';
import { openNeedItem, opensNeed } from './open-need';
import type { NeedsSettings } from './settings';
import { SLA_DUE_EVENT } from './sla';
import { CREDIT_EVENT, changeStatus, requireNeed } from './status-change';
import { DECIDED } from './transitions';
import type { NeedDoc, NeedKind, NeedStatus, NeedsSlice, NeedUrgency, SlaDeadline } from './types';

type Ctx = DispatchContext<NeedsSlice, NeedsSettings>;

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** The need an event concerns: the joined need (`sameAs`), the given `needId`, else the capture event's id. */
export function needIdOf(event: Pick<ValidatedEvent, 'id' | 'type' | 'payload'>): string | undefined {
  const p = event.payload;
  if (event.type === 'need.captured') return str(p.sameAs) ?? str(p.needId) ?? event.id;
  if (event.type.startsWith('need.')) return str(p.needId);
  return undefined;
}

/**
 * The need an event concerns, as effects and facts read it: `needIdOf`, else — for an event a rule of the
 * policy may open a need on (`needs.open`) — the event's own id.
 */
export function eventNeedId(
  event: Pick<ValidatedEvent, 'id' | 'type' | 'payload'>,
  policy: Pick<Policy, 'rules'>,
): string | undefined {
  return needIdOf(event) ?? (opensNeed(policy, event.type) ? event.id : undefined);
}

/** Every need document a dispatch of this event may read or write (for the `prepare` hook), an undone event's need too. */
export function needDocsOf(
  event: Pick<ValidatedEvent, 'id' | 'type' | 'payload'>,
  policy: Pick<Policy, 'rules' | 'document'> = { rules: [], document: { version: 1, rules: [] } },
): string[] {
  const id = eventNeedId(event, policy) ?? undoneEventId(policy, event);
  if (id === undefined || event.type === CREDIT_EVENT) return [];
  const merge = event.type === 'need.status' ? str(event.payload.mergeInto) : undefined;
  return merge === undefined ? [needKey(id)] : [needKey(id), needKey(merge)];
}

function capture(ctx: Ctx): void {
  const { event } = ctx;
  const p = event.payload;
  const id = needIdOf(event) as string;
  const existing = ctx.doc<NeedDoc>(needKey(id));
  const slice = ctx.slice();
  if (str(p.sameAs) !== undefined || existing) {
    const need = requireNeed(ctx, id);
    if (need.supporters.includes(event.userId)) return;
    const next = addSupporters(need, [event.userId]);
    ctx.setDoc(needKey(id), next);
    ctx.setSlice({ ...slice, voiced: slice.voiced + 1 });
    ctx.emit('need:supported', { needId: id, userId: event.userId, supporters: next.supporters.length });
    return;
  }
  openNeedItem(
    ctx,
    {
      id,
      kind: p.kind as NeedKind,
      urgency: (str(p.urgency) ?? 'normal') as NeedUrgency,
      text: str(p.text) ?? '',
      ...(str(p.channel) ? { channel: str(p.channel) } : {}),
      tags: Array.isArray(p.tags) ? p.tags.filter((t): t is string => typeof t === 'string') : [],
      sentiment: typeof p.sentiment === 'number' ? p.sentiment : null,
    },
    slice,
  );
  ctx.setSlice({ ...slice, voiced: slice.voiced + 1 });
}

function assess(ctx: Ctx): void {
  const p = ctx.event.payload;
  const need = requireNeed(ctx, p.needId as string);
  const pick = (k: 'importance' | 'difficulty' | 'impact') =>
    typeof p[k] === 'number' ? (p[k] as number) : need.assessment[k];
  const tags = Array.isArray(p.tags) ? p.tags.filter((t): t is string => typeof t === 'string') : [];
  ctx.setDoc(needKey(need.id), {
    ...need,
    assessment: { importance: pick('importance'), difficulty: pick('difficulty'), impact: pick('impact') },
    tags: [...new Set([...need.tags, ...tags])],
  });
}

function slaDue(ctx: Ctx): void {
  const p = ctx.event.payload;
  const need = ctx.doc<NeedDoc>(needKey(p.needId as string));
  if (!need) {
    ctx.note(localized('SLA timer for a need that no longer exists', '需求已不存在，时限计时器不再处理'), {
      needId: p.needId,
    });
    return;
  }
  const deadline = p.deadline as SlaDeadline;
  const open = deadline === 'acknowledge' ? need.status === 'captured' : !DECIDED.has(need.status);
  if (!open || need.sla.breached.includes(deadline)) return;
  ctx.setDoc(needKey(need.id), markBreached(need, deadline));
  const dueAt =
    (deadline === 'acknowledge' ? need.sla.acknowledgeDueAt : need.sla.resolveDueAt) ?? ctx.event.time;
  ctx.emit('need:sla-breached', { needId: need.id, deadline, dueAt, kind: need.kind, urgency: need.urgency });
}

/** `beforeRules`: applies the need event itself, so every stage sees the need as it now is. */
export function handleNeedEvent(ctx: Ctx): void {
  const { event } = ctx;
  const p = event.payload;
  switch (event.type) {
    case 'need.captured':
      capture(ctx);
      return;
    case 'need.status':
      changeStatus(ctx, p.needId as string, p.to as NeedStatus, {
        by: event.userId,
        ...(str(p.reason) ? { reason: str(p.reason) } : {}),
        ...(str(p.mergeInto) ? { mergeInto: str(p.mergeInto) } : {}),
      });
      return;
    case 'need.assessed':
      assess(ctx);
      return;
    case SLA_DUE_EVENT:
      slaDue(ctx);
      return;
    case CREDIT_EVENT: {
      const slice = ctx.slice();
      ctx.setSlice({ ...slice, adopted: slice.adopted + 1 });
      return;
    }
  }
}
