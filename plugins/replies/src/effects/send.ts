import type { EffectContext, EffectType, JsonSchema } from '@engageloop/core';
import { ALREADY_REPLIED } from '../reasons';
import { queueReply, type VariableSpec } from '../reply';
import type { RepliesSettings } from '../settings';
import type { RepliesState } from '../state';

/** Params of `replies.send`: reply with the policy's template for a situation, in the user's language. */
export interface SendParams {
  /** The template situation: acknowledge, thank, empathise-and-guide, adopted, shipped, sla-apology, … */
  situation: string;
  /** Send on this channel instead of the user's own. */
  channel?: string;
  /** Extra template variables: literal text, or `{ "path": "$.payload.x" }` read from the event. */
  variables?: Record<string, VariableSpec>;
}

export const variablesSchema: JsonSchema = {
  type: 'object',
  propertyNames: { pattern: '^[A-Za-z][A-Za-z0-9_-]*(\\.[A-Za-z][A-Za-z0-9_-]*)*$' },
  additionalProperties: {
    anyOf: [
      { type: 'string', maxLength: 2000 },
      { type: 'number' },
      {
        type: 'object',
        required: ['path'],
        additionalProperties: false,
        properties: { path: { type: 'string', pattern: '^\\$\\.' } },
      },
    ],
  },
};

export const sendParamsSchema: JsonSchema = {
  type: 'object',
  required: ['situation'],
  additionalProperties: false,
  properties: {
    situation: { type: 'string', pattern: '^[a-z][a-z0-9-]{0,63}$' },
    channel: { type: 'string', minLength: 1 },
    variables: variablesSchema,
  },
};

type Ctx = EffectContext<RepliesState, RepliesSettings>;

/** `replies.send`: queue the reply for a situation, once per (need or event, situation). */
export const sendEffect: EffectType<RepliesState, SendParams, RepliesSettings> = {
  description: {
    en: 'Queues a reply in the user’s locale for a situation (template fallback: locale → default locale → generic). Once per (need or event, situation).',
    'zh-CN':
      '按情境以用户语言发送回复（模板回退：用户语言 → 默认语言 → 通用模板）。每个（需求或事件，情境）只发送一次。',
  },
  params: sendParamsSchema,
  apply(state, params, ctx: Ctx) {
    const result = queueReply(ctx, state, { ...params, origin: 'rule' });
    ctx.report(
      result.status === 'duplicate'
        ? {
            status: 'duplicate',
            reason: 'already-replied',
            reasonText: ALREADY_REPLIED,
            data: { dedupeKey: result.dedupeKey },
          }
        : { status: 'applied', data: { dedupeKey: result.dedupeKey, template: result.template ?? null } },
    );
    return result.state;
  },
};
