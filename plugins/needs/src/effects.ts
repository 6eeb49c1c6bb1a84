import {
  defineEffect,
  type EffectContext,
  type EffectType,
  isEngageLoopError,
  localized,
} from '@engageloop/core';
import { eventNeedId } from './handlers';
import { needKey } from './need-doc';
import { OPEN_EFFECT, openNeedItem, readPath } from './open-need';
import type { NeedsSettings } from './settings';
import { changeStatus, renderNeedWording } from './status-change';
import {
  NEED_KINDS,
  NEED_URGENCIES,
  type NeedDoc,
  type NeedStatus,
  type NeedsSlice,
  type NeedUrgency,
  type OpenNeedParams,
} from './types';

const path = { type: 'string', pattern: '^\\$?\\.?[A-Za-z0-9_.-]+$', maxLength: 200 };
const asUrgency = (v: unknown): NeedUrgency | undefined =>
  (NEED_URGENCIES as readonly unknown[]).includes(v) ? (v as NeedUrgency) : undefined;

/** The report of a needs effect on an event that opened no need item. */
const NO_NEED = localized('no need item for this event', '该事件没有对应的需求项');

type Ctx = EffectContext<NeedsSlice, NeedsSettings>;

/** The need of the event, or a `skipped` report when the event concerns none. */
function eventNeed(ctx: Ctx): NeedDoc | undefined {
  const id = eventNeedId(ctx.event, ctx.policy);
  const need = id === undefined ? undefined : ctx.doc<NeedDoc>(needKey(id));
  if (!need) ctx.report({ status: 'skipped', reason: 'no need item for this event', reasonText: NO_NEED });
  return need;
}

/** A rule asking for an illegal move is skipped (reported), not failed: only a staff event fails. */
function move(ctx: Ctx, need: NeedDoc, to: NeedStatus, reason?: string): void {
  try {
    changeStatus(ctx, need.id, to, { by: `rule:${ctx.ruleId}`, ...(reason ? { reason } : {}) });
    ctx.report({ status: 'applied', data: { needId: need.id, from: need.status, to } });
  } catch (error) {
    if (!isEngageLoopError(error) || error.code !== 'NEED_TRANSITION_ILLEGAL') throw error;
    ctx.report({
      status: 'skipped',
      reason: 'illegal-transition',
      reasonText: localized('this status change is not allowed', '不允许的状态变更'),
      data: { needId: need.id, from: need.status, to },
    });
  }
}

/** The escalation notice when the rule gives no `message` (which may use the same placeholders). */
const ESCALATION_WORDING = 'Need {{needId}} ({{kind}}, {{urgency}}) needs attention: "{{text}}"';

const RULE_STATUSES: NeedStatus[] = [
  'acknowledged',
  'planned',
  'in-progress',
  'adopted',
  'declined',
  'closed',
];

/** The effects rules may name; each reducer's `state`, `ctx` and settings are typed from the plugin's. */
export const NEEDS_EFFECTS: Record<string, EffectType<NeedsSlice, never, NeedsSettings>> = {
  [OPEN_EFFECT]: defineEffect({
    description: {
      en: 'Opens a need item from this event (a review, complaint, suggestion, question or proposal): its id is the event id, and the SLA lines of settings.needs apply (first response, resolution), so it counts in the loop-closure figures.',
      'zh-CN':
        '由本事件创建需求条目（评价、投诉、建议、咨询或提案）：条目 id 即事件 id，按 settings.needs 的时限（首次响应、解决）计时，并计入闭环统计。',
    },
    params: {
      type: 'object',
      additionalProperties: false,
      required: ['kind'],
      properties: {
        kind: { enum: [...NEED_KINDS] },
        urgency: { enum: [...NEED_URGENCIES] },
        urgencyPath: path,
        textPath: path,
        tags: { type: 'array', maxItems: 50, items: { type: 'string', minLength: 1, maxLength: 100 } },
      },
    },
    apply: (state, params: OpenNeedParams, ctx) => {
      const id = ctx.event.id;
      if (ctx.doc<NeedDoc>(needKey(id))) {
        ctx.report({ status: 'duplicate', reason: 'need already open', data: { needId: id } });
        return state;
      }
      const text = readPath(ctx.event, params.textPath ?? '$.payload.text');
      const sentiment = ctx.event.payload.sentiment;
      const urgency =
        (params.urgencyPath === undefined ? undefined : asUrgency(readPath(ctx.event, params.urgencyPath))) ??
        params.urgency ??
        'normal';
      const channel = ctx.event.payload.channel;
      const need = openNeedItem(
        ctx,
        {
          id,
          kind: params.kind,
          urgency,
          text: typeof text === 'string' ? text.slice(0, 10_000) : '',
          ...(typeof channel === 'string' && channel !== '' ? { channel: channel.slice(0, 64) } : {}),
          tags: params.tags ?? [],
          sentiment: typeof sentiment === 'number' && sentiment >= -1 && sentiment <= 1 ? sentiment : null,
        },
        state,
      );
      ctx.report({
        status: 'applied',
        data: { needId: id, kind: need.kind, acknowledgeDueAt: need.sla.acknowledgeDueAt },
      });
      return { ...state, voiced: state.voiced + 1 };
    },
  }),
  'needs.acknowledge': defineEffect({
    description: {
      en: "Acknowledges the event's need (first response).",
      'zh-CN': '确认收到该需求（首次响应）。',
    },
    params: { type: 'object', additionalProperties: false, properties: {} },
    apply: (state, _params: Record<string, never>, ctx) => {
      const need = eventNeed(ctx);
      if (!need) return state;
      if (need.status !== 'captured') {
        ctx.report({
          status: 'skipped',
          reason: 'already acknowledged',
          reasonText: localized('already acknowledged', '已确认过'),
          data: { needId: need.id },
        });
        return state;
      }
      move(ctx, need, 'acknowledged');
      return state;
    },
  }),
  'needs.setStatus': defineEffect({
    description: {
      en: "Moves the event's need to a status (an illegal move is skipped; duplicates are merged by staff).",
      'zh-CN': '变更该需求状态（不合法的变更会被跳过；重复合并由工作人员操作）。',
    },
    params: {
      type: 'object',
      additionalProperties: false,
      required: ['to'],
      properties: { to: { enum: RULE_STATUSES }, reason: { type: 'string', maxLength: 2000 } },
    },
    apply: (state, params: { to: NeedStatus; reason?: string }, ctx) => {
      const need = eventNeed(ctx);
      if (need) move(ctx, need, params.to, params.reason);
      return state;
    },
  }),
  'needs.escalate': defineEffect({
    description: {
      en: 'Escalates the need (e.g. on an SLA breach): records the level and notifies `to` (a staff user id); `message` may use {{text}}, {{needId}}, {{kind}}, {{urgency}} (HTML-escaped).',
      'zh-CN':
        '升级该需求（如超时）：记录级别并通知 `to`（工作人员）；`message` 可使用 {{text}}、{{needId}}、{{kind}}、{{urgency}}（按 HTML 转义）。',
    },
    params: {
      type: 'object',
      additionalProperties: false,
      properties: {
        level: { type: 'integer', minimum: 1, maximum: 10 },
        to: { type: 'string', minLength: 1, maxLength: 200 },
        message: { type: 'string', maxLength: 2000 },
      },
    },
    apply: (state, params: { level?: number; to?: string; message?: string }, ctx) => {
      const need = eventNeed(ctx);
      if (!need) return state;
      const level = params.level ?? need.escalations.length + 1;
      const to = params.to ?? null;
      const escalation = { at: ctx.event.time, level, to, by: `rule:${ctx.ruleId}` };
      ctx.setDoc(needKey(need.id), { ...need, escalations: [...need.escalations, escalation] });
      if (to !== null) {
        ctx.send({
          userId: to,
          kind: 'notice',
          topic: 'need.escalated',
          body: renderNeedWording(ctx, params.message ?? ESCALATION_WORDING, need),
          dedupeKey: `need:${need.id}:escalated:${level}:${to}`,
          data: { needId: need.id, level },
        });
      }
      ctx.emit('need:escalated', { needId: need.id, level, to });
      ctx.report({ status: 'applied', data: { needId: need.id, level } });
      return state;
    },
  }),
  'needs.tag': defineEffect({
    description: { en: "Adds tags to the event's need.", 'zh-CN': '为该需求添加标签。' },
    params: {
      type: 'object',
      additionalProperties: false,
      required: ['tags'],
      properties: {
        tags: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1, maxLength: 100 } },
      },
    },
    apply: (state, params: { tags: string[] }, ctx) => {
      const need = eventNeed(ctx);
      if (need) ctx.setDoc(needKey(need.id), { ...need, tags: [...new Set([...need.tags, ...params.tags])] });
      return state;
    },
  }),
};
