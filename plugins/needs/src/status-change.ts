import {
  channelFormat,
  type DispatchContext,
  EngageLoopError,
  localized,
  renderTemplate,
} from '@engageloop/core';
import {
  addSupporters,
  applyTransition,
  deadlinesSettled,
  needKey,
  outcomeOf,
  pendingNotices,
} from './need-doc';
import type { NeedsSettings } from './settings';
import { slaTimerId } from './sla';
import type { NeedDoc, NeedOutcome, NeedStatus } from './types';

/** The part of a context the needs logic uses (hooks and effects both provide it). */
export type NeedsContext = Omit<DispatchContext<unknown, NeedsSettings>, 'setSlice'>;

/** The event type of the timer that credits an adopted need to each supporter's slice. */
export const CREDIT_EVENT = 'need.credited';

/** Reads a locked need, or throws `NEED_NOT_FOUND`. */
export function requireNeed(ctx: NeedsContext, needId: string): NeedDoc {
  const need = ctx.doc<NeedDoc>(needKey(needId));
  if (!need) {
    throw new EngageLoopError('NEED_NOT_FOUND', {
      message: localized(`No need item has the id "${needId}".`, `没有 id 为 "${needId}" 的需求条目。`),
      plugin: 'needs',
      data: { needId },
    });
  }
  return need;
}

/** The older one-brace placeholders `{text}` and `{needId}`, read as `{{text}}` and `{{needId}}`. */
const OLD_PLACEHOLDER = /(?<!\{)\{(text|needId)\}(?!\})/g;

/**
 * A need rendered into a wording template (`{{text}}` cut to 80 characters, `{{needId}}`, `{{kind}}`,
 * `{{urgency}}`), escaped for a message with no channel: HTML, the safe default (`channelFormat`).
 */
export function renderNeedWording(
  ctx: Pick<NeedsContext, 'policy'>,
  template: string,
  need: NeedDoc,
): string {
  const vars = { text: need.text, needId: need.id, kind: need.kind, urgency: need.urgency };
  const format = channelFormat(null, ctx.policy.defaults.channels);
  return renderTemplate(template.replace(OLD_PLACEHOLDER, '{{$1}}'), vars, { format, maxValueLength: 80 })
    .text;
}

function wordingFor(
  ctx: NeedsContext,
  outcome: NeedOutcome,
  need: NeedDoc,
): { body: string; locale: string } {
  const texts = ctx.settings.messages[outcome];
  const locale = Object.hasOwn(texts, ctx.policy.defaults.locale)
    ? ctx.policy.defaults.locale
    : Object.hasOwn(texts, 'en')
      ? 'en'
      : (Object.keys(texts)[0] ?? 'en');
  const template = (Object.hasOwn(texts, locale) ? texts[locale] : undefined) ?? '';
  return { body: renderNeedWording(ctx, template, need), locale };
}

/** Queues one value-feedback notice per supporter not told this outcome yet (never the staff member). */
function notifySupporters(ctx: NeedsContext, need: NeedDoc, outcome: NeedOutcome, by: string): NeedDoc {
  const { recipients, need: next } = pendingNotices(need, outcome, by);
  const { body, locale } = wordingFor(ctx, outcome, need);
  for (const userId of recipients) {
    ctx.send({
      userId,
      kind: 'notice',
      topic: `need.${outcome}`,
      body,
      locale,
      dedupeKey: `need:${need.id}:${outcome}:${userId}`,
      data: { needId: need.id, outcome, kind: need.kind },
    });
  }
  if (outcome === 'adopted') {
    for (const userId of need.supporters) {
      ctx.schedule({
        id: `need:${need.id}:credit:${userId}`,
        type: CREDIT_EVENT,
        dueAt: ctx.event.time,
        userId,
        payload: { needId: need.id },
      });
    }
  }
  return next;
}

/**
 * Moves a locked need to `to` inside the unit of work: enforces the table, settles SLA timers, merges
 * supporters into `mergeInto` for `duplicate`, tells supporters the outcome once, and emits
 * `need:status-changed` (plus `need:sla-breached` when a deadline was met late).
 */
export function changeStatus(
  ctx: NeedsContext,
  needId: string,
  to: NeedStatus,
  change: { by: string; reason?: string; mergeInto?: string },
): NeedDoc {
  const need = requireNeed(ctx, needId);
  let target: NeedDoc | undefined;
  if (to === 'duplicate') {
    if (change.mergeInto === undefined || change.mergeInto === needId) {
      throw new EngageLoopError('NEED_TRANSITION_ILLEGAL', {
        message: localized(
          `Marking need "${needId}" a duplicate needs "mergeInto": the id of another need.`,
          `把需求 "${needId}" 标记为重复需要 "mergeInto"：另一个需求的 id。`,
        ),
        plugin: 'needs',
        data: { needId, from: need.status, to },
      });
    }
    target = requireNeed(ctx, change.mergeInto);
    if (target.status === 'duplicate' || target.status === 'closed') {
      throw new EngageLoopError('NEED_TRANSITION_ILLEGAL', {
        message: localized(
          `Need "${needId}" cannot be merged into "${target.id}", which is ${target.status}.`,
          `需求 "${needId}" 不能合并到状态为 ${target.status} 的 "${target.id}"。`,
        ),
        plugin: 'needs',
        data: { needId, from: need.status, to, mergeInto: target.id },
      });
    }
  }
  const at = ctx.event.time;
  let next = applyTransition(need, to, { at, ...change });
  for (const deadline of deadlinesSettled(need, to)) {
    ctx.cancelTimer(slaTimerId(needId, deadline));
    if (next.sla.breached.includes(deadline) && !need.sla.breached.includes(deadline)) {
      const dueAt = (deadline === 'acknowledge' ? need.sla.acknowledgeDueAt : need.sla.resolveDueAt) ?? at;
      ctx.emit('need:sla-breached', { needId, deadline, dueAt, kind: need.kind, urgency: need.urgency });
    }
  }
  if (target) {
    ctx.setDoc(needKey(target.id), addSupporters(target, need.supporters));
  }
  const outcome = outcomeOf(need.status, to, next);
  if (outcome) next = notifySupporters(ctx, next, outcome, change.by);
  ctx.setDoc(needKey(needId), next);
  ctx.emit('need:status-changed', { needId, from: need.status, to, by: change.by });
  ctx.note(localized(`need ${needId}: ${need.status} → ${to}`, `需求 ${needId}：${need.status} → ${to}`), {
    by: change.by,
  });
  return next;
}
