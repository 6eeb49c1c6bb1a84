import type { CliLocale } from '../i18n';
import type { Chart } from './charts-incentives';
import { sortedBars } from './charts-incentives';
import { escapeHtml } from './escape';
import { type HBar, hbarChart } from './hbar-chart';
import type { ReportLabels } from './labels';
import { nameIn } from './names';
import type { PolicyRun } from './run';

/** Bars from counts keyed `a<sep>b`, each labelled by `label(a, b)`. */
const pairBars = (counts: Record<string, number>, sep: string, label: (a: string, b: string) => string) =>
  sortedBars(counts, (key) => {
    const at = key.indexOf(sep);
    return label(key.slice(0, at), key.slice(at + sep.length));
  });

/** Each contest's latest closed periods with their winners, as a table (newest first). */
function winnersTable(run: PolicyRun, l: ReportLabels, locale: CliLocale): string {
  const rows = Object.entries(run.summary.community.contests).flatMap(([contest, periods]) =>
    periods
      .slice(-6)
      .reverse()
      .map((p) => {
        const shown = p.winners.slice(0, 5).map((w) => `${w.rank}. ${w.entry} (${w.value})`);
        const more =
          p.winners.length > shown.length ? ` ${l.moreWinners(p.winners.length - shown.length)}` : '';
        return `<tr><th scope="row">${escapeHtml(nameIn(run.names.contests, contest, locale))}</th><td>${escapeHtml(p.period)}</td><td>${escapeHtml(`${shown.join(', ')}${more}`)}</td></tr>`;
      }),
  );
  return `<table class="diff winners" data-rows="${rows.length}"><thead><tr><th>${escapeHtml(l.contest)}</th><th>${escapeHtml(l.period)}</th><th>${escapeHtml(l.winners)}</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/**
 * The community charts of one run: activity (items, net reactions, reviews, ratings, groups, group goals),
 * items per track stage, and the contest winners of each closed period (contests by the policy's names).
 */
export function communityCharts(run: PolicyRun, l: ReportLabels, locale: CliLocale): Chart[] {
  const c = run.summary.community;
  const activity: HBar[] = [
    ...sortedBars(c.items, l.itemsOf),
    ...sortedBars(c.reactions, l.reactionsOf),
    ...(c.reviews.count > 0
      ? [{ label: l.reviews, value: c.reviews.count, note: l.passed(c.reviews.passed) }]
      : []),
    ...(c.ratings > 0 ? [{ label: l.ratings, value: c.ratings }] : []),
    ...sortedBars(c.groups, l.groupsOf),
    ...pairBars(c.goals, ' ', l.goal),
  ];
  const stages = pairBars(c.stages, '/', (track, stage) => `${track} → ${stage}`);
  const contests = Object.keys(c.contests).length > 0;
  return [
    {
      id: 'community-activity',
      title: l.community,
      svg: hbarChart({ title: l.community, empty: l.none, bars: activity }),
      hasData: activity.length > 0,
    },
    {
      id: 'track-stages',
      title: l.trackStages,
      svg: hbarChart({ title: l.trackStages, empty: l.none, bars: stages }),
      hasData: stages.length > 0,
    },
    { id: 'contest-winners', title: l.contestWinners, svg: winnersTable(run, l, locale), hasData: contests },
  ];
}
