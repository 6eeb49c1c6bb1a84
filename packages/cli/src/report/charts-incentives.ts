import type { CliLocale } from '../i18n';
import type { Counts } from '../summary';
import { columnChart } from './bar-chart';
import { type HBar, hbarChart } from './hbar-chart';
import type { ReportLabels } from './labels';
import { nameIn } from './names';
import type { PolicyRun } from './run';

/** One chart of a report: a stable id, a title, its SVG, and whether the run has data for it. */
export interface Chart {
  id: string;
  title: string;
  svg: string;
  hasData: boolean;
}

export const get = (counts: Counts, key: string): number =>
  Object.hasOwn(counts, key) ? (counts[key] ?? 0) : 0;

/** Bars from counts, largest first, each labelled by `label(key)`. */
export const sortedBars = (counts: Counts, label: (key: string) => string = (k) => k): HBar[] =>
  Object.entries(counts)
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .map(([key, value]) => ({ label: label(key), value }));

const short = (d: string) => d.slice(5);

/** Points per day, withheld points stacked on top, with a line for each daily cap and budget. */
function pointsChart(run: PolicyRun, l: ReportLabels, days: readonly string[]): Chart {
  const { summary: s, series } = run;
  const daily = Object.entries(s.points.caps).filter(
    ([, c]) => c.period === 'day' && typeof c.max === 'number',
  );
  const budget = daily
    .filter(([, c]) => c.kind === 'budget')
    .sort(([, a], [, b]) => (a.max ?? 0) - (b.max ?? 0))[0];
  const svg = columnChart({
    title: l.pointsPerDay,
    series: [l.issued, l.withheld],
    columns: days.map((d) => ({
      label: short(d),
      values: [get(s.points.byDay, d), get(series.withheldByDay, d)],
    })),
    limit: budget
      ? { value: budget[1].max ?? 0, label: l.dailyCap(budget[0], budget[1].max ?? 0) }
      : undefined,
    // A per-user daily cap allows at most max × the users earning that day.
    steps: daily
      .filter(([, c]) => c.kind === 'cap')
      .map(([id, c]) => ({
        label: l.capCeiling(id, c.max ?? 0),
        values: days.map((d) => (c.max ?? 0) * get(series.earnersByDay, d)),
      })),
    empty: l.none,
  });
  return {
    id: 'points-per-day',
    title: l.pointsPerDay,
    svg,
    hasData: s.points.issued > 0 || daily.length > 0,
  };
}

/** Users per tier at the end of each day, tiers in the policy's order and by their display names. */
function tiersChart(run: PolicyRun, l: ReportLabels, days: readonly string[], locale: CliLocale): Chart {
  const { series, names } = run;
  const seen = new Set(days.flatMap((d) => Object.keys(series.tiersByDay[d] ?? {})));
  const order = [...(seen.has('(none)') ? ['(none)'] : []), ...names.tierOrder.filter((t) => seen.has(t))];
  for (const t of [...seen].sort()) if (!order.includes(t)) order.push(t);
  const svg = columnChart({
    title: l.tiersOverTime,
    empty: l.none,
    series: order.map((t) => (t === '(none)' ? l.noTier : nameIn(names.tiers, t, locale))),
    columns: days.map((d) => ({
      label: short(d),
      values: order.map((t) => get(series.tiersByDay[d] ?? {}, t)),
    })),
  });
  return { id: 'tiers-over-time', title: l.tiersOverTime, svg, hasData: names.tierOrder.length > 0 };
}

/** The incentives charts of one run: points against caps, tiers, cost per wallet, rules, badges. */
export function incentiveCharts(
  run: PolicyRun,
  l: ReportLabels,
  days: readonly string[],
  locale: CliLocale,
): Chart[] {
  const { summary: s, names } = run;
  const wallets: HBar[] = Object.entries(s.rewards.byWallet)
    .sort(([a], [b]) => (a === 'points' ? -1 : b === 'points' ? 1 : a.localeCompare(b)))
    .map(([wallet, w]) => ({
      label: nameIn(names.wallets, wallet, locale),
      value: w.amount,
      note: `${w.grants}×`,
    }));
  const badge = (key: string) => {
    const [id = key, level] = key.split('#');
    return level === undefined
      ? nameIn(names.badges, id, locale)
      : `${nameIn(names.badges, id, locale)} ${level}`;
  };
  const badges = [
    ...sortedBars(s.rewards.badges, badge),
    ...sortedBars(s.rewards.milestones, (m) => `◆ ${nameIn(names.milestones, m, locale)}`),
  ];
  const bars = (id: string, title: string, list: HBar[]): Chart => ({
    id,
    title,
    svg: hbarChart({ title, empty: l.none, bars: list }),
    hasData: list.length > 0,
  });
  return [
    pointsChart(run, l, days),
    tiersChart(run, l, days, locale),
    bars('cost-by-wallet', l.costByWallet, wallets),
    bars('rules-fired', l.rulesFired, sortedBars(s.rules)),
    bars('badges', l.badges, badges),
  ];
}
