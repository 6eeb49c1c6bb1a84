import type { DispatchContext } from '@engageloop/core';
import { compensate } from '../compensate';
import type { RepliesSettings } from '../settings';
import { type CurrentDispatch, type Draft, keepLast, type RepliesState } from '../state';

type Ctx = DispatchContext<RepliesState, RepliesSettings>;

export const str = (v: unknown): string | undefined =>
  typeof v === 'string' && v.length > 0 ? v : undefined;
const field = (payload: Record<string, unknown>, name: string): unknown =>
  Object.hasOwn(payload, name) ? payload[name] : undefined;

/** The client key of a submission, and the earlier event that carried it (a retry). */
export function retryInfo(
  ctx: Pick<Ctx, 'event' | 'settings'>,
  state: RepliesState,
): { clientKey: string | null; retryOf: string | null } {
  const clientKey = str(field(ctx.event.payload, ctx.settings.clientKeyField)) ?? null;
  const prior = clientKey
    ? state.clientKeys.find((k) => k.key === clientKey && k.eventId !== ctx.event.id)
    : undefined;
  return { clientKey, retryOf: prior?.eventId ?? null };
}

/**
 * The subject replies to an event are keyed by: its `needId`; else, for a submission with a client key, the
 * client key — so every delivery of one submission (a retry under a new event id, also after a failed
 * dispatch that left no record of the key) shares its answers, and a resubmission after an undo starts a new
 * subject (`#<undos>`); else the event itself.
 */
export function subjectFor(ctx: Pick<Ctx, 'event'>, state: RepliesState, clientKey: string | null): string {
  const needId = str(field(ctx.event.payload, 'needId'));
  if (needId) return needId;
  if (!clientKey) return ctx.event.id;
  const undos = state.actions.filter((a) => a.undone && a.clientKey === clientKey).length;
  return `client:${encodeURIComponent(clientKey)}${undos > 0 ? `#${undos}` : ''}`;
}

/** Saves, discards, or (on submission with `payload.draftId`) clears a draft. */
export function applyDrafts(ctx: Ctx, state: RepliesState): RepliesState {
  const { type, payload, time } = ctx.event;
  const draftId = str(field(payload, 'draftId'));
  if (!draftId) return state;
  const base = { eventId: ctx.event.id, userId: ctx.event.userId, draftId };
  const existing = state.drafts.find((d) => d.id === draftId);
  const others = state.drafts.filter((d) => d.id !== draftId);
  if (type === 'draft.saved') {
    const draft: Draft = {
      id: draftId,
      kind: str(field(payload, 'kind')) ?? null,
      content: field(payload, 'content') ?? null,
      savedAt: existing?.savedAt ?? time,
      updatedAt: time,
    };
    ctx.emit('draft:saved', base);
    return { ...state, drafts: keepLast([...others, draft], ctx.settings.limits.drafts) };
  }
  if (!existing) return state;
  ctx.emit('draft:discarded', { ...base, reason: type === 'draft.discarded' ? 'discarded' : 'submitted' });
  return { ...state, drafts: others };
}

/** Best of many: keeps the best-scoring version of a task; rewards should follow `replies.isBest`. */
export function applyBest(
  ctx: Ctx,
  state: RepliesState,
  retryOf: string | null,
): {
  state: RepliesState;
  best: CurrentDispatch['best'];
  bestBefore: { taskId: string; previous: RepliesState['best'][number] | null } | null;
} {
  const cfg = ctx.settings.best;
  const none = { state, best: null, bestBefore: null };
  if (!cfg.eventTypes.includes(ctx.event.type)) return none;
  const taskId = str(field(ctx.event.payload, cfg.taskField));
  const score = field(ctx.event.payload, cfg.scoreField);
  if (!taskId || typeof score !== 'number' || !Number.isFinite(score)) return none;
  const previous = state.best.find((b) => b.taskId === taskId) ?? null;
  const improved = previous !== null && score > previous.score && !retryOf;
  const isBest = !retryOf && (previous === null || improved);
  const best = { taskId, score, isBest, improved, previous: previous?.score ?? null };
  if (!isBest) return { state, best, bestBefore: null };
  if (improved && previous && cfg.revokePrevious)
    compensate(ctx, previous.eventId, 'superseded by a better version', 'points');
  ctx.emit('task:best-kept', {
    eventId: ctx.event.id,
    userId: ctx.event.userId,
    taskId,
    score,
    previous: previous?.score ?? null,
  });
  const next = [
    ...state.best.filter((b) => b.taskId !== taskId),
    { taskId, eventId: ctx.event.id, score, at: ctx.event.time },
  ];
  return { state: { ...state, best: next }, best, bestBefore: { taskId, previous } };
}
