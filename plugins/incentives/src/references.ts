import { EngageLoopError, localized, type PluginReferences, type SettingsReference } from '@engageloop/core';
import { DEFAULT_MAX_KEYS } from './model/distinct';
import type { IncentivesSettings } from './settings-types';

const at = (prefix: string) => `settings.incentives.${prefix}`;

/** `{ pointer, kind, name }` for a name, or each name of a list, at `pointer`. */
function refs(
  pointer: string,
  kind: string,
  value: string | readonly string[] | undefined,
): SettingsReference[] {
  if (value === undefined) return [];
  if (typeof value === 'string') return [{ pointer, kind, name: value }];
  return value.map((name, k) => ({ pointer: `${pointer}/${k}`, kind, name }));
}

/** The names incentives settings declare, by kind. */
function declaredNames(s: IncentivesSettings) {
  return {
    wallet: {
      names: Object.keys(s.wallets),
      label: { en: 'wallet', 'zh-CN': '钱包' },
      declaredAt: at('wallets'),
    },
    cap: {
      names: [...s.caps, ...s.budgets].map((c) => c.id),
      label: { en: 'cap or budget', 'zh-CN': '上限或预算' },
      declaredAt: at('caps/budgets'),
    },
    tier: {
      names: s.tiers.levels.map((l) => l.id),
      label: { en: 'tier', 'zh-CN': '层级' },
      declaredAt: at('tiers.levels'),
    },
    badge: {
      names: Object.keys(s.badges),
      label: { en: 'badge', 'zh-CN': '徽章' },
      declaredAt: at('badges'),
    },
    streak: {
      names: Object.keys(s.streaks),
      label: { en: 'streak', 'zh-CN': '连续打卡' },
      declaredAt: at('streaks'),
    },
    action: {
      names: Object.keys(s.actions),
      label: { en: 'action kind', 'zh-CN': '行为类型' },
      declaredAt: at('actions'),
    },
    milestone: {
      names: s.milestones.map((m) => m.id),
      label: { en: 'milestone', 'zh-CN': '里程碑' },
      declaredAt: at('milestones'),
    },
    distinct: {
      names: Object.keys(s.distinct ?? {}),
      label: { en: 'distinct counter', 'zh-CN': '去重计数' },
      declaredAt: at('distinct'),
    },
  };
}

/**
 * A milestone counting more distinct keys than its counter keeps (`maxKeys`) could never be reached: the
 * policy is refused when it loads (`SETTINGS_INVALID`, at the milestone).
 */
function checkDistinctBounds(s: IncentivesSettings): void {
  s.milestones.forEach((m, i) => {
    if (m.distinct === undefined || !s.distinct || !Object.hasOwn(s.distinct, m.distinct)) return;
    const max = s.distinct[m.distinct]!.maxKeys ?? DEFAULT_MAX_KEYS;
    if (m.threshold <= max) return;
    throw new EngageLoopError('SETTINGS_INVALID', {
      message: localized(
        `settings.incentives.milestones/${i} ("${m.id}") counts ${m.threshold} distinct keys, but counter "${m.distinct}" keeps at most ${max} (maxKeys): raise maxKeys or lower the threshold`,
        `settings.incentives.milestones/${i}（"${m.id}"）需要 ${m.threshold} 个不同的键，但去重计数 "${m.distinct}" 最多保留 ${max} 个（maxKeys）：请提高 maxKeys 或降低阈值`,
      ),
      pointer: `/settings/incentives/milestones/${i}/threshold`,
      plugin: 'incentives',
    });
  });
}

/**
 * What incentives settings declare (wallets, caps and budgets, tiers, badges, streaks, actions, milestones)
 * and every place that names one: caps, budgets and multipliers naming rules, wallets and tiers; milestones
 * naming badges, streaks, actions and wallets; the effects' params; conditions on the tier and badges facts.
 */
export const incentivesReferences: PluginReferences<IncentivesSettings> = {
  declared: (s) => {
    checkDistinctBounds(s);
    return declaredNames(s);
  },

  inSettings: (s) => [
    ...(['caps', 'budgets'] as const).flatMap((list) =>
      s[list].flatMap((c, i) => [
        ...refs(`/${list}/${i}/rules`, 'rule', c.rules),
        ...refs(`/${list}/${i}/wallet`, 'wallet', c.wallet),
      ]),
    ),
    ...s.multipliers.flatMap((m, i) => [
      ...refs(`/multipliers/${i}/rules`, 'rule', m.rules),
      ...refs(`/multipliers/${i}/tiers`, 'tier', m.tiers),
      ...refs(`/multipliers/${i}/wallets`, 'wallet', m.wallets),
    ]),
    ...s.milestones.flatMap((m, i) => [
      ...refs(`/milestones/${i}/badge`, 'badge', m.badge),
      ...refs(`/milestones/${i}/streak`, 'streak', m.streak),
      ...refs(`/milestones/${i}/action`, 'action', m.action),
      ...refs(`/milestones/${i}/distinct`, 'distinct', m.distinct),
      ...refs(`/milestones/${i}/award/wallet`, 'wallet', m.award?.wallet),
    ]),
    ...refs('/tiers/score/wallet', 'wallet', s.tiers.score.wallet),
  ],
  params: {
    'incentives.award': { wallet: 'wallet', caps: 'cap' },
    'incentives.revoke': { ruleId: 'rule', wallet: 'wallet' },
    'incentives.grantBadge': { badge: 'badge' },
    'incentives.advanceStreak': { streak: 'streak' },
    'incentives.convert': { from: 'wallet', to: 'wallet' },
  },
  facts: {
    'incentives.tier': 'tier',
    'incentives.badges': 'badge',
    'incentives.titles': 'badge',
    'incentives.perks': 'badge',
    'incentives.milestones': 'milestone',
  },
  factParams: {
    'incentives.honour': { id: 'badge' },
    'incentives.balance': { wallet: 'wallet' },
    'incentives.streak': { streak: 'streak' },
    'incentives.count': { action: 'action' },
    'incentives.nextMilestone': { action: 'action', streak: 'streak', distinct: 'distinct', id: 'milestone' },
    'incentives.distinct': { counter: 'distinct' },
    'incentives.best': { counter: 'distinct' },
    'incentives.submission': { counter: 'distinct' },
  },
};
