import type { CliLocale } from '../i18n';
import { type Change, diffRuns } from './diff';
import { escapeHtml } from './escape';
import type { ReportLabels } from './labels';
import { nameIn } from './names';
import type { PolicyRun } from './run';

const signed = (n: number): string => (n > 0 ? `+${n.toLocaleString('en')}` : n.toLocaleString('en'));

/**
 * The `--compare` table: what changes from the compared policy (`old`) to the reviewed one (`next`)
 * on the same events — cost per wallet, badges, users per tier, rules fired and messages that changed.
 */
export function diffTable(old: PolicyRun, next: PolicyRun, l: ReportLabels, locale: CliLocale): string {
  const d = diffRuns(old, next);
  const names = { ...old.names.wallets, ...next.names.wallets };
  const tiers = { ...old.names.tiers, ...next.names.tiers };
  const rows: Array<[string, Change]> = [
    ...Object.entries(d.cost.wallets).map(([w, c]): [string, Change] => [nameIn(names, w, locale), c]),
    [l.badgesGranted, d.cost.badges],
    ...Object.entries(d.tierDistribution).map(([t, c]): [string, Change] => [
      l.usersInTier(t === '(none)' ? l.noTier : nameIn(tiers, t, locale)),
      c,
    ]),
    ...Object.entries(d.rules).map(([r, c]): [string, Change] => [l.ruleFired(r), c]),
    ...Object.entries(d.messages).map(([m, c]): [string, Change] => [l.messagesOf(m), c]),
  ];
  const moved = d.tierChanges.length;
  const body = rows
    .map(
      ([label, c]) =>
        `<tr><th scope="row">${escapeHtml(label)}</th><td>${escapeHtml(c.old.toLocaleString('en'))}</td><td>${escapeHtml(c.new.toLocaleString('en'))}</td><td class="${c.delta > 0 ? 'up' : c.delta < 0 ? 'down' : ''}">${escapeHtml(signed(c.delta))}</td></tr>`,
    )
    .join('');
  return `<h2 id="diff">${escapeHtml(l.diffTitle)}</h2><table class="diff" data-rows="${rows.length}"><thead><tr><th>${escapeHtml(l.metric)}</th><th>${escapeHtml(l.before)}</th><th>${escapeHtml(l.after)}</th><th>${escapeHtml(l.delta)}</th></tr></thead><tbody>${body}<tr><th scope="row">${escapeHtml(l.tierMoves)}</th><td></td><td></td><td>${escapeHtml(moved.toLocaleString('en'))}</td></tr></tbody></table>`;
}
