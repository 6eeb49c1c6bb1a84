import type { Counts, SimulationSummary } from '../summary';
import { columnChart } from './bar-chart';
import { type HBar, hbarChart } from './hbar-chart';
import type { ReportLabels } from './labels';
import type { PolicyRun } from './run';

/** One chart of a report: a stable id (for tests and anchors), a title and its SVG. */
export interface Chart {
  id: string;
  title: string;
  svg: string;
}

const get = (counts: Counts, key: string): number => (Object.hasOwn(counts, key) ? (counts[key] ?? 0) : 0);

const sorted = (counts: Counts): HBar[] =>
  Object.entries(counts)
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .map(([label, value]) => ({ label, value }));

const pct = (part: number, whole: number): string =>
  whole > 0 ? `${Math.round((part / whole) * 100)}%` : '—';

/** The smallest daily cap or budget on points, drawn as a reference line. */
function dailyLimit(
  summary: SimulationSummary,
  l: ReportLabels,
): { value: number; label: string } | undefined {
  const daily = Object.entries(summary.points.caps)
    .filter(([, c]) => c.kind === 'budget' && c.period === 'day' && typeof c.max === 'number')
    .sort(([, a], [, b]) => (a.max ?? 0) - (b.max ?? 0))[0];
  return daily ? { value: daily[1].max ?? 0, label: l.dailyCap(daily[0], daily[1].max ?? 0) } : undefined;
}

/** The charts of one policy run, in report order. `days` aligns the x axes of compared runs. */
export function chartsFor(run: PolicyRun, l: ReportLabels, days: readonly string[]): Chart[] {
  const { summary: s, series } = run;
  const short = (d: string) => d.slice(5);
  const points = columnChart({
    title: l.pointsPerDay,
    series: [l.issued, l.withheld],
    columns: days.map((d) => ({
      label: short(d),
      values: [get(s.points.byDay, d), get(series.withheldByDay, d)],
    })),
    limit: dailyLimit(s, l),
    empty: l.none,
  });
  const tierNames = [...new Set(days.flatMap((d) => Object.keys(series.tiersByDay[d] ?? {})))].sort((a, b) =>
    a === '(none)' ? -1 : b === '(none)' ? 1 : a.localeCompare(b),
  );
  const tiers = columnChart({
    title: l.tiersOverTime,
    empty: l.none,
    series: tierNames,
    columns: days.map((d) => ({
      label: short(d),
      values: tierNames.map((t) => get(series.tiersByDay[d] ?? {}, t)),
    })),
  });
  const loop = s.loop;
  const funnel = hbarChart({
    title: l.funnel,
    empty: l.none,
    bars:
      loop.count === 0
        ? []
        : [
            { label: l.captured, color: '#2563eb', value: loop.count, note: '100%' },
            {
              label: l.acknowledged,
              color: '#06b6d4',
              value: loop.acknowledged,
              note: pct(loop.acknowledged, loop.count),
            },
            { label: l.closed, color: '#10b981', value: loop.closed, note: pct(loop.closed, loop.count) },
          ],
  });
  const sla = hbarChart({
    title: l.sla,
    empty: l.none,
    bars:
      loop.count === 0
        ? []
        : [
            {
              label: l.withinSla,
              color: '#10b981',
              value: loop.count - loop.breached,
              note: pct(loop.count - loop.breached, loop.count),
            },
            {
              label: l.late,
              color: '#ef4444',
              value: loop.breached,
              note: pct(loop.breached, loop.count),
            },
          ],
  });
  return [
    { id: 'points-per-day', title: l.pointsPerDay, svg: points },
    { id: 'tiers-over-time', title: l.tiersOverTime, svg: tiers },
    { id: 'loop-funnel', title: l.funnel, svg: funnel },
    { id: 'sla', title: l.sla, svg: sla },
    {
      id: 'care-by-trigger',
      title: l.careByTrigger,
      svg: hbarChart({ title: l.careByTrigger, empty: l.none, bars: sorted(s.care.byTrigger) }),
    },
    {
      id: 'care-by-channel',
      title: l.careByChannel,
      svg: hbarChart({ title: l.careByChannel, empty: l.none, bars: sorted(s.care.byChannel) }),
    },
  ];
}
