import { definePlugin, type Plugin } from '@engageloop/core';
import { awardEffect } from './effects/award';
import { advanceStreakEffect, grantBadgeEffect } from './effects/badge-streak';
import { convertEffect } from './effects/convert';
import { evaluateTierEffect } from './effects/evaluate-tier';
import { revokeEffect } from './effects/revoke';
import { TIER_REVIEW_EVENT } from './effects/shared';
import './events';
import { incentivesFacts } from './facts';
import { honourFacts } from './facts-honours';
import { createHooks } from './hooks';
import { initialState } from './model/state';
import { checkOptions, type IncentivesOptions } from './options';
import { incentivesReferences } from './references';
import { defaultSettings, settingsSchema } from './settings';
import type { IncentivesSettings } from './settings-types';
import type { IncentivesState } from './types';

/** The plugin's version, recorded with every slice it writes. */
export const INCENTIVES_VERSION = '0.1.0';

/**
 * The tiered incentives plugin 分层激励: points ledger with expiry, pending periods and reversals;
 * caps and budgets; tiers with hysteresis; badges; streaks; milestones; multipliers; conversion
 * to a charity wallet; and a growth summary. Product settings live in the policy's `settings.incentives`.
 *
 * @example
 * const engine = createEngine({ plugins: [incentives()], policy, store: createMemoryStore(), clock });
 * // rule: { "stage": "motivation", "on": "review.submitted",
 * //         "effects": [{ "type": "incentives.award", "params": { "amount": 20, "reason": "quality review" } }] }
 */
export function incentives(options?: IncentivesOptions): Plugin<IncentivesState, IncentivesSettings> {
  const { retentionDays } = checkOptions(options);
  return definePlugin<IncentivesState, IncentivesSettings>({
    name: 'incentives',
    version: INCENTIVES_VERSION,
    description: {
      en: 'Tiered incentives: points ledger, caps, tiers, badges, streaks, milestones, multipliers.',
      'zh-CN': '分层激励：积分账本、上限、层级、徽章、连续打卡、里程碑、倍率。',
    },
    settings: { schema: settingsSchema, defaults: defaultSettings },
    state: { initial: () => initialState() },
    effects: {
      'incentives.award': awardEffect,
      'incentives.revoke': revokeEffect,
      'incentives.grantBadge': grantBadgeEffect,
      'incentives.advanceStreak': advanceStreakEffect,
      'incentives.evaluateTier': evaluateTierEffect,
      'incentives.convert': convertEffect,
    },
    facts: { ...incentivesFacts, ...honourFacts },
    references: incentivesReferences,
    eventTypes: {
      [TIER_REVIEW_EVENT]: {
        description: {
          en: 'Timer: review a pending tier downgrade (warning, then downgrade after the grace period).',
          'zh-CN': '定时：复核待降级的层级（先预警，宽限期后降级）。',
        },
        payload: { type: 'object', properties: { timerId: { type: 'string' } } },
        sources: ['timer'],
      },
    },
    hooks: createHooks(retentionDays),
  });
}
