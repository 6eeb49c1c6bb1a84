import type { LocalizedText } from '../policy/types';

/** Names of one kind a plugin's settings declare: badges, wallets, tiers, templates, stages… */
export interface DeclaredNames {
  names: Iterable<string>;
  /**
   * The kind in words, for messages: `badge`, `wallet`, `reply template` — or per message locale,
   * `{ en: 'badge', 'zh-CN': '徽章' }` (a plain string is used in every locale).
   */
  label: LocalizedText;
  /** Where a policy declares them, for messages: `settings.incentives.badges`. */
  declaredAt: string;
  description?: LocalizedText;
}

/** One place in a plugin's settings that names something: pointer relative to `/settings/<plugin>`. */
export interface SettingsReference {
  pointer: string;
  /** A kind the plugin declares (`declared`), or `rule` for a rule id of the policy. */
  kind: string;
  name: string;
}

/**
 * The names a plugin's settings declare, and the places that refer to them, so the loader reports a typo
 * (`"review-media-bonuz"`, a badge never declared) with did-you-mean instead of loading a rule that silently
 * does nothing. Kinds are the plugin's own, plus `rule` (the policy's rule ids, provided by the core).
 *
 * @example
 * references: {
 *   declared: (s) => ({ badge: { names: Object.keys(s.badges), label: 'badge', declaredAt: 'settings.incentives.badges' } }),
 *   inSettings: (s) => s.caps.flatMap((cap, i) => (cap.rules ?? []).map((name, k) => ({ pointer: `/caps/${i}/rules/${k}`, kind: 'rule', name }))),
 *   params: { 'incentives.grantBadge': { badge: 'badge' } },
 *   facts: { 'incentives.badges': 'badge' },
 * }
 */
export interface PluginReferences<Settings = unknown> {
  /** Declared names by kind, from the plugin's settings (defaults applied). */
  declared?(settings: Settings): Record<string, DeclaredNames>;
  /** References inside the plugin's settings. */
  inSettings?(settings: Settings): SettingsReference[];
  /** Effect params that name something: effect type → param → kind (a string, or an array of strings). */
  params?: Record<string, Record<string, string>>;
  /**
   * Facts whose values are names: fact → kind. A condition comparing such a fact to a literal
   * (`equal`, `notEqual`, `in`, `notIn`, `contains`, `doesNotContain`) has its value(s) checked.
   */
  facts?: Record<string, string>;
  /** Fact params that name something: fact → param → kind (`incentives.balance`'s `wallet`). */
  factParams?: Record<string, Record<string, string>>;
}
