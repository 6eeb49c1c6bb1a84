import type { Policy } from '@engageloop/core';
import type { CliLocale } from './i18n';

/** How tables name the things a policy defines: its own display names where it has them, else the id. */
export interface DisplayNames {
  wallet(id: string): string;
  tier(id: string): string;
  badge(id: string): string;
  milestone(id: string): string;
  stage(id: string): string;
  contest(id: string): string;
}

type Text = string | Record<string, string>;

/** A policy text in a locale: the locale's, else English, else any. */
function pick(text: unknown, locale: CliLocale): string | undefined {
  if (typeof text === 'string') return text || undefined;
  if (text === null || typeof text !== 'object') return undefined;
  const byLocale = text as Record<string, unknown>;
  for (const key of [locale, 'en', ...Object.keys(byLocale)]) {
    const value = Object.hasOwn(byLocale, key) ? byLocale[key] : undefined;
    if (typeof value === 'string' && value !== '') return value;
  }
  return undefined;
}

/** A description as a short name: the part before its first colon (`会员积分：7 天后可用…` → `会员积分`). */
const short = (text: string | undefined): string | undefined => text?.split(/[:：]/)[0]?.trim() || undefined;

const record = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};

/** `id → name` of a list of `{ [key]: id, name }` entries (tiers, milestones, stages). */
function fromList(list: unknown, key: string, field: string, locale: CliLocale): Map<string, string> {
  const names = new Map<string, string>();
  for (const item of Array.isArray(list) ? list : []) {
    const entry = record(item);
    const id = entry[key];
    const name = pick(entry[field] as Text, locale);
    if (typeof id === 'string' && name !== undefined) names.set(id, name);
  }
  return names;
}

/** `id → name` of a map of `{ id: { name } }` entries (wallets, badges). */
function fromMap(map: unknown, locale: CliLocale, describe: (entry: Record<string, unknown>) => unknown) {
  const names = new Map<string, string>();
  for (const [id, value] of Object.entries(record(map))) {
    const name = pick(describe(record(value)), locale);
    if (name !== undefined) names.set(id, name);
  }
  return names;
}

/**
 * The display names of a policy in a locale, from the incentives settings (wallet names or descriptions,
 * tier, badge and milestone names), the lifecycle stages' descriptions and the community contests' names.
 * Without a policy: the ids.
 */
export function displayNames(policy: Policy | undefined, locale: CliLocale): DisplayNames {
  const settings = record(policy?.settings);
  const incentives = record(settings.incentives);
  const lifecycle = record(settings.lifecycle);
  const wallets = fromMap(
    incentives.wallets,
    locale,
    (w) => w.name ?? short(pick(w.description as Text, locale)),
  );
  const tiers = fromList(record(incentives.tiers).levels, 'id', 'name', locale);
  const badges = fromMap(incentives.badges, locale, (b) => b.name);
  const milestones = fromList(incentives.milestones, 'id', 'name', locale);
  const stages = fromList(lifecycle.stages, 'name', 'description', locale);
  const contests = fromList(record(settings.community).contests, 'id', 'name', locale);
  const named = (names: Map<string, string>) => (id: string) => names.get(id) ?? id;
  return {
    wallet: named(wallets),
    tier: named(tiers),
    // Levelled badges are counted as `badge#level`.
    badge: (id) => {
      const [badge = id, level] = id.split('#');
      const name = badges.get(badge) ?? badge;
      return level === undefined ? name : `${name} #${level}`;
    },
    milestone: named(milestones),
    stage: named(stages),
    contest: named(contests),
  };
}
