import type { EffectType } from '@engageloop/core';
import type { IncentivesSettings } from '../settings-types';
import type { IncentivesState } from '../types';
import { settingsOf } from './shared';
import { reviewUserTier } from './tier-review';

/** `incentives.evaluateTier`: review the tier now (also done after the action stage when `tiers.auto`). */
export const evaluateTierEffect: EffectType<IncentivesState, Record<string, never>, IncentivesSettings> = {
  description: {
    en: 'Re-evaluates the tier from the contribution score (upgrade now, downgrade after the grace period).',
    'zh-CN': '按贡献分重新评定层级（立即升级，宽限期后降级）。',
  },
  params: { type: 'object', additionalProperties: false, properties: {} },
  apply(state, _params, ctx) {
    const next = reviewUserTier(state, ctx, settingsOf(ctx));
    ctx.report({ status: 'applied', data: { tier: next.tier?.id ?? null } });
    return next;
  },
};
