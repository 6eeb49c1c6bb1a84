import {
  type ChannelFormat,
  channelFormat,
  type DispatchContext,
  localized,
  resolvePath,
  type TemplateVariables,
} from '@engageloop/core';
import type { ReplyOrigin } from './events';
import { retryInfo, subjectFor } from './hooks/record';
import type { RepliesSettings } from './settings';
import { keepLast, type RepliesState, replyKey } from './state';
import { resolveReply } from './templates/resolve';

/** A variable given by a rule: a literal text, or a path into the event (`{ "path": "$.payload.reason" }`). */
export type VariableSpec = string | number | { path: string };

export interface ReplyRequest {
  situation: string;
  channel?: string | null;
  variables?: Record<string, VariableSpec>;
  origin: ReplyOrigin;
}

type Ctx = Omit<DispatchContext<RepliesState, RepliesSettings>, 'setSlice'>;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);

/** Sets `a.b.c` in a prototype-less object tree (keys from policies are data, never prototypes). */
function setPath(target: Record<string, unknown>, dotted: string, value: unknown): void {
  const parts = dotted.split('.');
  let node = target;
  parts.forEach((part, i) => {
    if (i === parts.length - 1) {
      Object.defineProperty(node, part, { value, enumerable: true, writable: true, configurable: true });
      return;
    }
    const next = Object.hasOwn(node, part) ? node[part] : undefined;
    const child =
      typeof next === 'object' && next !== null ? (next as Record<string, unknown>) : Object.create(null);
    Object.defineProperty(node, part, { value: child, enumerable: true, writable: true, configurable: true });
    node = child;
  });
}

/** The variables every template can use, plus the rule's own. */
export function variablesFor(ctx: Ctx, extra: Record<string, VariableSpec> = {}): TemplateVariables {
  const p = ctx.event.payload;
  const need = (typeof p.need === 'object' && p.need !== null ? p.need : {}) as Record<string, unknown>;
  const vars: Record<string, unknown> = Object.create(null);
  setPath(vars, 'user.name', str(ctx.user.profile.name));
  setPath(vars, 'user.id', ctx.user.id);
  setPath(vars, 'need.id', str(p.needId) ?? str(need.id));
  setPath(vars, 'need.title', str(p.needTitle) ?? str(need.title) ?? str(p.title));
  setPath(vars, 'reason', str(p.reason));
  setPath(vars, 'text', str(p.text));
  for (const [name, spec] of Object.entries(extra)) {
    const value = typeof spec === 'object' ? resolvePath(ctx.event, spec.path) : spec;
    if (typeof value === 'string' || typeof value === 'number') setPath(vars, name, value);
  }
  return vars;
}

/** The channel a reply goes to: the rule's, the event's, the user's preferred, the last used. */
export function channelFor(ctx: Ctx, requested?: string | null): string | null {
  return (
    requested ??
    str(ctx.event.payload.channel) ??
    str(ctx.user.profile.channel) ??
    str(ctx.user.profile.lastChannel) ??
    null
  );
}

/**
 * How the channel shows the reply: the policy's `defaults.channels` over core's table (`channelFormat`);
 * a channel listed in `settings.replies.htmlChannels` is html too. No channel, or an unknown one: html.
 */
export function formatFor(ctx: Pick<Ctx, 'policy' | 'settings'>, channel: string | null): ChannelFormat {
  if (channel !== null && ctx.settings.htmlChannels.includes(channel)) return 'html';
  return channelFormat(channel, ctx.policy.defaults.channels);
}

/** The subject replies to this event are keyed by (need id, else the client key, else the event). */
export function subjectOf(ctx: Ctx, state: RepliesState): string {
  if (state.current && state.current.eventId === ctx.event.id) return state.current.subject;
  return subjectFor(ctx, state, retryInfo(ctx, state).clientKey);
}

/**
 * One answer per need. A failed dispatch of a feedback event queues a safe acknowledgement (`onFailure`)
 * keyed like the normal one, but the rollback leaves no trace of it in the slice. When a later successful
 * dispatch of a feedback event (the same event re-sent after the fix, or a client retry with the same
 * client key under a new event id) answers the same subject
 * with a real situation, that fallback is withdrawn: cancelled if it is still unsent, so the user gets the
 * real answer instead of both. A fallback already delivered stays delivered, and the real answer follows it
 * (a receipt does not close the loop); the same situation is still never sent twice.
 * An acknowledgement queued by a successful dispatch is in `sent` and is never withdrawn.
 */
function withdrawFallback(ctx: Ctx, state: RepliesState, subject: string, situation: string): void {
  if (situation === 'acknowledge' || !ctx.settings.feedbackEvents.includes(ctx.event.type)) return;
  if (state.sent.includes(`${subject}:acknowledge`)) return;
  ctx.cancelMessages([replyKey(ctx.event.userId, subject, 'acknowledge')]);
  const withdrawn = localized(
    'failure fallback withdrawn if still unsent: a real reply answers this subject',
    '尚未发出的失败兜底回复已撤回：该主题已有正式回复',
  );
  ctx.note(withdrawn, {
    subject,
    situation,
  });
}

export interface QueueResult {
  state: RepliesState;
  status: 'applied' | 'duplicate';
  dedupeKey: string;
  template?: string;
}

/**
 * Renders and queues one reply, unless this (subject, situation) was answered before.
 * Pure in `state`: returns the next slice; the message itself goes through `ctx.send`.
 */
export function queueReply(ctx: Ctx, state: RepliesState, request: ReplyRequest): QueueResult {
  const settings = ctx.settings;
  const subject = subjectOf(ctx, state);
  const userId = ctx.event.userId;
  const dedupeKey = replyKey(userId, subject, request.situation);
  const sentKey = `${subject}:${request.situation}`;
  const retryAnswered =
    Boolean(state.current?.retryOf) && state.sent.some((k) => k.startsWith(`${subject}:`));
  if (state.sent.includes(sentKey) || retryAnswered) {
    ctx.note(localized('reply already sent for this subject and situation', '该主题和场景已回复过'), {
      subject,
      situation: request.situation,
    });
    return { state, status: 'duplicate', dedupeKey };
  }
  const channel = channelFor(ctx, request.channel);
  const resolved = resolveReply(settings.templates, request.situation, variablesFor(ctx, request.variables), {
    locale: ctx.locale,
    defaultLocale: ctx.policy.defaults.locale,
    format: formatFor(ctx, channel),
  });
  for (const step of resolved.fallbacks)
    ctx.note(localized(`reply template fallback: ${step.reason}`, `回复模板回退：${step.reason}`), {
      ...step,
    });
  const messageId = ctx.send({
    kind: settings.kind,
    topic: request.situation,
    body: resolved.body,
    channel,
    locale: resolved.locale,
    dedupeKey,
    data: { situation: request.situation, template: resolved.situation, subject, origin: request.origin },
  });
  withdrawFallback(ctx, state, subject, request.situation);
  ctx.emit('reply:queued', {
    eventId: ctx.event.id,
    userId,
    messageId,
    dedupeKey,
    situation: request.situation,
    template: resolved.situation,
    locale: resolved.locale,
    channel,
    origin: request.origin,
  });
  const current =
    state.current && state.current.eventId === ctx.event.id
      ? { ...state.current, replies: state.current.replies + 1 }
      : state.current;
  const actions = state.actions.map((a) =>
    a.eventId === ctx.event.id ? { ...a, replies: [...a.replies, dedupeKey] } : a,
  );
  return {
    state: { ...state, current, actions, sent: keepLast([...state.sent, sentKey], settings.limits.sent) },
    status: 'applied',
    dedupeKey,
    template: resolved.situation,
  };
}
