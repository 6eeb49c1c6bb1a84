import type { LocalizedText } from '@engageloop/core';
import { type CliLocale, defineLabels } from '../i18n';
import { displayWidth, padEnd, padStart } from '../text-width';
import type { Change, PolicyDiff } from './diff';
import { nameIn } from './names';

const W = defineLabels(
  'diff',
  {
    cost: 'Cost',
    points: 'points issued',
    wallet: (w: string) => `wallet ${w}`,
    badges: 'badges granted',
    tiers: 'Tier distribution (final)',
    users: (n: number) => `Users whose tier changes: ${n}`,
    messages: 'Messages (kind · topic) that change',
    rules: 'Rules whose firing count changes',
    none: '(no change)',
    old: 'old',
    new: 'new',
    noTier: '(no tier)',
    more: (n: number) => `… and ${n} more`,
  },
  {
    cost: '成本',
    points: '发放积分',
    wallet: (w: string) => `钱包 ${w}`,
    badges: '授予徽章',
    tiers: '层级分布（最终）',
    users: (n: number) => `层级发生变化的用户：${n}`,
    messages: '发生变化的消息（类型 · 主题）',
    rules: '触发次数变化的规则',
    none: '（无变化）',
    old: '旧',
    new: '新',
    noTier: '（无层级）',
    more: (n) => `…… 另有 ${n} 项`,
  },
);

const signed = (n: number): string => (n > 0 ? `+${n}` : String(n));

function table(rows: Array<[string, Change]>, head: readonly string[], none: string): string[] {
  if (rows.length === 0) return [`  ${none}`];
  const cells = rows.map(([k, c]) => [k, String(c.old), String(c.new), signed(c.delta)]);
  const all = [[...head], ...cells];
  // Widths in terminal columns (string-width): CJK labels take two columns per character.
  const widths = [0, 1, 2, 3].map((i) => Math.max(...all.map((r) => displayWidth(r[i] ?? ''))));
  return all.map(
    (r) =>
      `  ${padEnd(r[0] ?? '', widths[0] ?? 0)}  ${r
        .slice(1)
        .map((c, i) => padStart(c, widths[i + 1] ?? 0))
        .join('  ')}`,
  );
}

/** The policies' own names of wallets and tiers (`DisplayNames` of a run), shown instead of their ids. */
export interface DiffNames {
  wallets: Record<string, LocalizedText>;
  tiers: Record<string, LocalizedText>;
}

/** The diff as text tables for the terminal; wallets and tiers by the policies' own names when given. */
export function formatDiff(
  diff: PolicyDiff,
  locale: CliLocale,
  limit = 20,
  names: DiffNames = { wallets: {}, tiers: {} },
): string {
  const w = W[locale];
  const head = ['', w.old, w.new, 'Δ'];
  const tier = (id: string) => (id === '(none)' ? w.noTier : nameIn(names.tiers, id, locale));
  const lines: string[] = [w.cost];
  lines.push(
    ...table(
      [
        [w.points, diff.cost.points],
        ...Object.entries(diff.cost.wallets).map(([k, c]): [string, Change] => [
          w.wallet(nameIn(names.wallets, k, locale)),
          c,
        ]),
        [w.badges, diff.cost.badges],
      ],
      head,
      w.none,
    ),
  );
  const tiers = Object.entries(diff.tierDistribution).map(([t, c]): [string, Change] => [tier(t), c]);
  lines.push('', w.tiers, ...table(tiers, head, w.none));
  lines.push('', w.users(diff.tierChanges.length));
  for (const t of diff.tierChanges.slice(0, limit))
    lines.push(`  ${t.userId}: ${tier(t.old)} → ${tier(t.new)}`);
  if (diff.tierChanges.length > limit) lines.push(`  ${w.more(diff.tierChanges.length - limit)}`);
  const capped = (rows: Array<[string, Change]>) => {
    const sorted = rows.sort(([a, x], [b, y]) => Math.abs(y.delta) - Math.abs(x.delta) || a.localeCompare(b));
    const out = table(sorted.slice(0, limit), head, w.none);
    if (sorted.length > limit) out.push(`  ${w.more(sorted.length - limit)}`);
    return out;
  };
  lines.push('', w.messages, ...capped(Object.entries(diff.messages)));
  lines.push('', w.rules, ...capped(Object.entries(diff.rules)));
  return `${lines.join('\n')}\n`;
}
