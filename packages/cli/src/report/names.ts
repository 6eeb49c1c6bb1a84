import type { LocalizedText, Policy } from '@engageloop/core';
import type { CliLocale } from '../i18n';

/** The display names a policy gives its tiers, wallets, badges, milestones and contests (ids when it gives none). */
export interface DisplayNames {
  /** Tier ids in the policy's order (entry tier first); empty for a policy without tiers. */
  tierOrder: string[];
  tiers: Record<string, LocalizedText>;
  wallets: Record<string, LocalizedText>;
  badges: Record<string, LocalizedText>;
  milestones: Record<string, LocalizedText>;
  /** Contest names from `settings.community.contests`. */
  contests: Record<string, LocalizedText>;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isText = (value: unknown): value is LocalizedText =>
  typeof value === 'string' || (isRecord(value) && Object.values(value).every((v) => typeof v === 'string'));

/** A wallet's short name: its `name`, else the first clause of its description ("会员积分：…" → "会员积分"). */
function walletName(wallet: Record<string, unknown>): LocalizedText | undefined {
  if (isText(wallet.name)) return wallet.name;
  const description = wallet.description;
  const clause = (text: string) => text.split(/[:：,，;；(（]/)[0]?.trim() || text;
  if (typeof description === 'string') return clause(description);
  if (!isText(description)) return undefined;
  return Object.fromEntries(Object.entries(description).map(([lang, text]) => [lang, clause(text)]));
}

function named(entries: Iterable<[string, unknown]>, pick: (v: Record<string, unknown>) => unknown) {
  const out: Record<string, LocalizedText> = Object.create(null);
  for (const [id, value] of entries) {
    const name = isRecord(value) ? pick(value) : undefined;
    if (isText(name)) out[id] = name;
  }
  return out;
}

/**
 * Reads the names from the incentives and community settings the policy itself writes (not the plugin's defaults:
 * a policy that declares no tiers has none).
 */
export function displayNamesOf(policy: Policy): DisplayNames {
  const settings = isRecord(policy.document.settings) ? policy.document.settings : {};
  const incentives = isRecord(settings.incentives) ? settings.incentives : {};
  const tiers =
    isRecord(incentives.tiers) && Array.isArray(incentives.tiers.levels) ? incentives.tiers.levels : [];
  const levels = tiers
    .filter(isRecord)
    .filter((t): t is Record<string, unknown> & { id: string } => typeof t.id === 'string');
  const milestones = Array.isArray(incentives.milestones) ? incentives.milestones.filter(isRecord) : [];
  const community = isRecord(settings.community) ? settings.community : {};
  const contests = Array.isArray(community.contests) ? community.contests.filter(isRecord) : [];
  const byId = (list: Array<Record<string, unknown>>) =>
    named(
      list.filter((x) => typeof x.id === 'string').map((x) => [x.id as string, x]),
      (x) => x.name,
    );
  return {
    tierOrder: levels.map((t) => t.id),
    tiers: named(
      levels.map((t) => [t.id, t]),
      (t) => t.name,
    ),
    wallets: named(Object.entries(isRecord(incentives.wallets) ? incentives.wallets : {}), walletName),
    badges: named(Object.entries(isRecord(incentives.badges) ? incentives.badges : {}), (b) => b.name),
    milestones: byId(milestones),
    contests: byId(contests),
  };
}

/** A name in the report's language (then English, then any), or the id itself. */
export function nameIn(names: Record<string, LocalizedText>, id: string, locale: CliLocale): string {
  const text = Object.hasOwn(names, id) ? names[id] : undefined;
  if (text === undefined) return id;
  if (typeof text === 'string') return text;
  return text[locale] ?? text.en ?? Object.values(text)[0] ?? id;
}
