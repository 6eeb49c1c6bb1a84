import {
  assignArm,
  channelFormat,
  type DispatchContext,
  type EffectReport,
  periodKey,
  renderTemplate,
  type TemplateVariables,
} from '@engageloop/core';
import { exceededCap, pruneHistory } from '../guards/caps';
import { chooseChannel } from '../guards/channel';
import { careDedupeKey, reentryBlocked, reentryInstance } from '../guards/dedupe';
import { pickText } from '../guards/pick-text';
import { isQuietAt, nextAllowedTime } from '../guards/quiet-hours';
import { because } from '../reasons';
import { type LifecycleSettings, resolveSettings } from '../settings';
import { type CareSource, type LifecycleSlice, own, withEntry } from '../state/slice';
import type { CareParams } from './care-params';

/** What delivering care needs from a dispatch or effect context. */
export type CareContext = Pick<
  DispatchContext<LifecycleSlice, LifecycleSettings>,
  'event' | 'user' | 'timezone' | 'locale' | 'policy' | 'settings' | 'send' | 'emit'
>;

/** How long a queued message stays cancellable after its send time. */
const QUEUED_KEEP_MS = 7 * 86_400_000;

/** Template variables: the user (profile, id, attributes), stage, trigger, event, data. */
function templateVars(
  ctx: CareContext,
  slice: LifecycleSlice,
  params: CareParams,
  source: CareSource,
): TemplateVariables {
  const { optOut: _optOut, ...profile } = ctx.user.profile;
  return {
    user: { ...profile, id: ctx.user.id, attributes: ctx.user.attributes },
    stage: slice.stage,
    trigger: params.trigger,
    event: { type: source.type, payload: source.payload },
    data: params.data ?? {},
  };
}

/**
 * Runs the guards and queues one care message through the outbox: re-entry, channel (preference,
 * last used, opt-out), quiet hours (defer or drop), caps, A/B variant, template rendered with core's
 * `renderTemplate`, user text escaped for the channel (`channelFormat`: HTML on e-mail and app). Pure on the
 * slice: returns the next slice and a report; the message leaves through `ctx.send`.
 */
export function deliverCare(
  slice: LifecycleSlice,
  params: CareParams,
  ctx: CareContext,
  source: CareSource = ctx.event,
): { slice: LifecycleSlice; report: EffectReport } {
  const settings = resolveSettings(ctx.settings);
  const time = ctx.event.time;
  const tz = ctx.timezone;
  const mode = params.reentry ?? 'always';
  const period = params.period ?? 'week';
  const trigger = params.trigger;
  const record = own(slice.triggers, trigger);
  const blocked = reentryBlocked(record, mode, time, tz, period);
  if (blocked)
    return { slice, report: { status: 'duplicate', ...because(`reentry-${blocked}`), data: { trigger } } };

  const allowed = params.channel === undefined ? settings.channels : ([] as string[]).concat(params.channel);
  const choice = chooseChannel(allowed, ctx.user.profile);
  if (choice.channel === null)
    return { slice, report: { status: 'skipped', ...because(choice.reason), data: { trigger } } };
  const channel = choice.channel;

  const transactional = params.transactional === true;
  let sendAt = time;
  const quiet = settings.quietHours;
  if (!transactional && quiet && isQuietAt(time, tz, quiet)) {
    if (quiet.action === 'drop')
      return { slice, report: { status: 'skipped', ...because('quiet-hours'), data: { trigger } } };
    sendAt = nextAllowedTime(time, tz, quiet);
  }
  if (!transactional) {
    const cap = exceededCap(slice.sent, sendAt, channel, settings.caps);
    if (cap)
      return {
        slice,
        report: { status: 'capped', ...because('frequency-cap'), data: { trigger, cap: { ...cap } } },
      };
  }

  let body = params.body;
  let subject = params.subject;
  const data: Record<string, unknown> = { ...params.data, trigger, stage: slice.stage };
  if (params.variants) {
    const weights: Record<string, number> = {};
    for (const [arm, v] of Object.entries(params.variants)) weights[arm] = v.weight;
    const arm = assignArm(ctx.user.id, trigger, weights);
    const variant = own(params.variants, arm);
    if (variant) {
      body = variant.body;
      subject = variant.subject ?? subject;
    }
    data.experiment = trigger;
    data.variant = arm;
  }
  const vars = templateVars(ctx, slice, params, source);
  const fallback = ctx.policy.defaults.locale;
  const format = channelFormat(channel, ctx.policy.defaults.channels);
  const render = (template: string, f = format) => renderTemplate(template, vars, { format: f }).text;
  const instance = params.dedupe
    ? render(params.dedupe, 'text')
    : reentryInstance(mode, time, tz, period, source.id);
  const dedupeKey = careDedupeKey(ctx.user.id, trigger, instance);
  ctx.send({
    kind: 'care',
    topic: trigger,
    body: render(pickText(body, ctx.locale, fallback)),
    subject: subject === undefined ? null : render(pickText(subject, ctx.locale, fallback)),
    channel,
    locale: ctx.locale,
    data,
    dedupeKey,
    notBefore: sendAt,
    transactional,
  });
  ctx.emit('care:queued', { userId: ctx.user.id, trigger, channel, notBefore: sendAt, dedupeKey });

  const next: LifecycleSlice = {
    ...slice,
    sent: transactional
      ? slice.sent
      : pruneHistory([...slice.sent, { at: sendAt, channel, trigger }], time, settings.caps),
    triggers: withEntry(slice.triggers, trigger, {
      count: (record?.count ?? 0) + 1,
      lastAt: sendAt,
      lastPeriod: mode === 'oncePerPeriod' ? periodKey(time, tz, period) : (record?.lastPeriod ?? null),
    }),
    queued: [
      ...slice.queued.filter((q) => q.notBefore > time - QUEUED_KEEP_MS),
      { trigger, dedupeKey, notBefore: sendAt },
    ],
  };
  return {
    slice: next,
    report: {
      status: 'applied',
      data: { trigger, channel, notBefore: sendAt, dedupeKey, ...variantData(data) },
    },
  };
}

function variantData(data: Record<string, unknown>): Record<string, unknown> {
  return data.variant === undefined ? {} : { variant: data.variant };
}
