import type { EffectContext, EffectType, JsonSchema } from '@engageloop/core';
import { ALREADY_REPLIED } from '../reasons';
import { queueReply, type VariableSpec } from '../reply';
import type { RepliesSettings } from '../settings';
import type { RepliesState } from '../state';
import { variablesSchema } from './send';

/** Params of `replies.declineWithEncouragement`. */
export interface DeclineParams {
  /** Why it was declined (e.g. "over this year's budget"); else the event's `payload.reason`. */
  reason?: string;
  /** Send on this channel instead of the user's own. */
  channel?: string;
  /** Extra template variables: literal text, or `{ "path": "$.payload.x" }` read from the event. */
  variables?: Record<string, VariableSpec>;
}

export const declineParamsSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    reason: { type: 'string', minLength: 1, maxLength: 500 },
    channel: { type: 'string', minLength: 1 },
    variables: variablesSchema,
  },
};

/**
 * `replies.declineWithEncouragement`: a declined proposal gets praise, the reason, an offer to work on
 * the constraint together, and a priority invitation next time — the user attribute
 * `settings.replies.priorityFlag` (default `priorityInvite`) is set to true, so other rules can read
 * `user.attributes.priorityInvite`.
 */
export const declineEffect: EffectType<RepliesState, DeclineParams, RepliesSettings> = {
  description: {
    en: 'Declines with encouragement: praise, reason, offer to work on the constraint, and a priority invitation next time (user attribute).',
    'zh-CN': '婉拒并鼓励：肯定想法、说明原因、邀请共同解决限制，并标记下次优先邀请（用户属性）。',
  },
  params: declineParamsSchema,
  apply(state, params, ctx: EffectContext<RepliesState, RepliesSettings>) {
    const flag = ctx.settings.priorityFlag;
    const variables = { ...(params.variables ?? {}), ...(params.reason ? { reason: params.reason } : {}) };
    const result = queueReply(ctx, state, {
      situation: 'decline-with-encouragement',
      channel: params.channel ?? null,
      variables,
      origin: 'rule',
    });
    if (ctx.user.attributes[flag] !== true) {
      ctx.setUser((user) => {
        const attributes = { ...user.attributes };
        Object.defineProperty(attributes, flag, {
          value: true,
          enumerable: true,
          writable: true,
          configurable: true,
        });
        return { ...user, attributes };
      });
      ctx.emit('reply:priority-invite', { eventId: ctx.event.id, userId: ctx.event.userId, flag });
    }
    ctx.report({
      status: result.status,
      data: { dedupeKey: result.dedupeKey, flag },
      ...(result.status === 'duplicate' ? { reason: 'already-replied', reasonText: ALREADY_REPLIED } : {}),
    });
    return result.state;
  },
};
