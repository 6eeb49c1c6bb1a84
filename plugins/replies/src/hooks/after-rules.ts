import { type DispatchContext, type FailureContext, localized } from '@engageloop/core';
import { channelFor, formatFor, queueReply } from '../reply';
import type { RepliesSettings } from '../settings';
import { type RepliesState, replyKey, sliceOf } from '../state';
import { SAFE_ACKNOWLEDGEMENT } from '../templates/defaults';
import { resolveReply } from '../templates/resolve';
import { retryInfo, subjectFor } from './record';

type Ctx = DispatchContext<RepliesState, RepliesSettings>;

const answered = (state: RepliesState, subject: string): boolean =>
  state.sent.some((key) => key.startsWith(`${subject}:`));

/** Never silent: a feedback event no rule answered gets the acknowledgement. Then `current` is cleared. */
export function afterRules(ctx: Ctx): void {
  let state = sliceOf(ctx.slice());
  const current = state.current;
  if (current && ctx.settings.feedbackEvents.includes(ctx.event.type) && current.replies === 0) {
    if (answered(state, current.subject)) {
      ctx.note(
        localized(
          'never-silent: already answered (retry or same need)',
          '绝不沉默：已回复过（重试或同一需求）',
        ),
        {
          subject: current.subject,
        },
      );
    } else {
      state = queueReply(ctx, state, { situation: 'acknowledge', origin: 'never-silent' }).state;
      ctx.note(
        localized(
          'never-silent: no rule replied, acknowledgement queued',
          '绝不沉默：没有规则回复，已排队发送确认回复',
        ),
      );
    }
  }
  ctx.setSlice({ ...state, sent: withoutOwnSubject(state.sent, state.current, ctx.event.id), current: null });
}

/**
 * `sent` without the replies keyed by this event itself (no need id, no client key): no later dispatch
 * keys a reply by this event's id (a replay of it is a no-op), so they are dedupe state of this dispatch
 * only. Keys are `<subject>:<situation>`, and a situation has no colon.
 */
function withoutOwnSubject(sent: string[], current: RepliesState['current'], eventId: string): string[] {
  if (current === null || current.subject !== eventId) return sent;
  const prefix = `${eventId}:`;
  const own = (key: string) => key.startsWith(prefix) && !key.includes(':', prefix.length);
  return sent.some(own) ? sent.filter((key) => !own(key)) : sent;
}

/**
 * The dispatch failed and was rolled back: queue a safe acknowledgement (the `generic` template with no
 * variables, else built-in text) for a feedback event, keyed like the normal acknowledgement — by the need,
 * else the client key, else the event — so a successful re-dispatch, or a client retry of the submission
 * under a new event id, never adds a second one; one whose rules pick a real situation withdraws it while
 * it is still unsent (see `withdrawFallback` in `reply.ts`).
 */
export function onFailure(ctx: FailureContext<RepliesState, RepliesSettings>): void {
  if (!ctx.settings.feedbackEvents.includes(ctx.event.type)) return;
  const userId = ctx.event.userId;
  let subject = ctx.event.id;
  let clientKey: string | null = null;
  let body = SAFE_ACKNOWLEDGEMENT[ctx.locale] ?? SAFE_ACKNOWLEDGEMENT.en ?? 'Thank you!';
  let locale = ctx.locale;
  let channel: string | null = null;
  let kind = 'reply';
  try {
    kind = ctx.settings.kind;
    const state = sliceOf(ctx.slice());
    clientKey = retryInfo(ctx, state).clientKey;
    subject = subjectFor(ctx, state, clientKey);
    if (answered(state, subject)) {
      ctx.note(localized('failure fallback: already answered', '失败兜底：已回复过'), { subject });
      return;
    }
    channel = channelFor(ctx);
    const resolved = resolveReply(
      ctx.settings.templates,
      'generic',
      {},
      {
        locale: ctx.locale,
        defaultLocale: ctx.policy.defaults.locale,
        format: formatFor(ctx, channel),
      },
    );
    body = resolved.body;
    locale = resolved.locale;
  } catch {
    // Settings or state unreadable: the built-in text still goes out.
  }
  ctx.send({
    kind,
    topic: 'acknowledge',
    body,
    channel,
    locale,
    dedupeKey: replyKey(userId, subject, 'acknowledge'),
    data: {
      situation: 'acknowledge',
      template: 'generic',
      subject,
      origin: 'failure',
      error: ctx.error.code,
      ...(clientKey ? { clientKey } : {}),
    },
  });
  ctx.note(localized('failure fallback: safe acknowledgement queued', '失败兜底：已排队发送安全的确认回复'), {
    error: ctx.error.code,
  });
}
