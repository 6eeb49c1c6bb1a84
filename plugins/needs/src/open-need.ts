import type { DispatchContext, EffectContext, Policy, ValidatedEvent } from '@engageloop/core';
import { createNeed, needKey } from './need-doc';
import type { NeedsSettings } from './settings';
import { deadlinesFor, SLA_DUE_EVENT, slaTimerId } from './sla';
import type { NeedDoc, NeedKind, NeedsSlice, NeedUrgency } from './types';

/** The effect that opens a need item from any event (a review, a complaint, a proposal…). */
export const OPEN_EFFECT = 'needs.open';

const opening = new WeakMap<Policy['rules'], { all: boolean; types: Set<string> }>();

/** Whether a rule of the policy may open a need item on events of `type` (a `needs.open` effect on it). */
export function opensNeed(policy: Pick<Policy, 'rules'>, type: string): boolean {
  let found = opening.get(policy.rules);
  if (!found) {
    found = { all: false, types: new Set() };
    for (const rule of policy.rules) {
      if (!rule.effects.some((e) => e.type === OPEN_EFFECT)) continue;
      if (rule.on === null) found.all = true;
      else for (const on of rule.on) found.types.add(on);
    }
    opening.set(policy.rules, found);
  }
  return found.all || found.types.has(type);
}

/** What a new need item is made of, besides what the context gives (user, time, settings). */
export interface NeedInput {
  id: string;
  kind: NeedKind;
  urgency: NeedUrgency;
  text: string;
  channel?: string;
  tags: string[];
  sentiment: number | null;
}

type Ctx = DispatchContext<NeedsSlice, NeedsSettings> | EffectContext<NeedsSlice, NeedsSettings>;

/**
 * Creates the need item `need:<id>` voiced by the event's user: authenticity signals, SLA deadlines (the
 * first matching `settings.needs.sla` line) armed as timers, `need:captured` emitted. The caller counts it in
 * the user's slice.
 */
export function openNeedItem(ctx: Ctx, input: NeedInput, slice: NeedsSlice): NeedDoc {
  const { event } = ctx;
  const firstSeen = ctx.user.firstSeenAt ? Date.parse(ctx.user.firstSeenAt) : event.time;
  const segmentAttr = ctx.settings.segmentAttribute;
  const segment =
    segmentAttr && Object.hasOwn(ctx.user.attributes, segmentAttr) ? ctx.user.attributes[segmentAttr] : null;
  const need = createNeed({
    id: input.id,
    kind: input.kind,
    channel: input.channel ?? ctx.user.profile.lastChannel ?? 'unknown',
    text: input.text,
    tags: input.tags,
    urgency: input.urgency,
    userId: event.userId,
    segment: segment === null || segment === undefined ? null : String(segment),
    at: event.time,
    signals: {
      accountAgeDays: Math.max(0, (event.time - firstSeen) / 86_400_000),
      pastAdopted: slice.adopted,
      sentiment: input.sentiment,
    },
    deadlines: deadlinesFor(
      input.kind,
      input.urgency,
      event.time,
      ctx.settings,
      ctx.policy.defaults.timezone,
    ),
  });
  for (const deadline of ['acknowledge', 'resolve'] as const) {
    const dueAt = deadline === 'acknowledge' ? need.sla.acknowledgeDueAt : need.sla.resolveDueAt;
    if (dueAt === null) continue;
    ctx.schedule({
      id: slaTimerId(input.id, deadline),
      type: SLA_DUE_EVENT,
      dueAt,
      payload: { needId: input.id, deadline },
    });
  }
  ctx.setDoc(needKey(input.id), need);
  ctx.emit('need:captured', {
    needId: input.id,
    userId: event.userId,
    kind: input.kind,
    channel: need.channel,
  });
  return need;
}

/** Reads `$.payload.a.b` from the event (own properties only). */
export function readPath(event: Pick<ValidatedEvent, 'payload'>, path: string): unknown {
  let value: unknown = event;
  for (const part of path
    .replace(/^\$\.?/, '')
    .split('.')
    .filter(Boolean)) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, part)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}
