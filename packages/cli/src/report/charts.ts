import type { CliLocale } from '../i18n';
import { communityCharts } from './charts-community';
import { type Chart, incentiveCharts, sortedBars } from './charts-incentives';
import { hbarChart } from './hbar-chart';
import type { ReportLabels } from './labels';
import type { PolicyRun } from './run';

export type { Chart } from './charts-incentives';

const pct = (part: number, whole: number): string =>
  whole > 0 ? `${Math.round((part / whole) * 100)}%` : '—';

/** The feedback-loop and care charts of one run. */
function loopCharts(run: PolicyRun, l: ReportLabels): Chart[] {
  const { summary: s } = run;
  const loop = s.loop;
  const has = loop.count > 0;
  const funnel = hbarChart({
    title: l.funnel,
    empty: l.none,
    bars: has
      ? [
          { label: l.captured, color: '#2563eb', value: loop.count, note: '100%' },
          {
            label: l.acknowledged,
            color: '#06b6d4',
            value: loop.acknowledged,
            note: pct(loop.acknowledged, loop.count),
          },
          { label: l.closed, color: '#10b981', value: loop.closed, note: pct(loop.closed, loop.count) },
        ]
      : [],
  });
  const sla = hbarChart({
    title: l.sla,
    empty: l.none,
    bars: has
      ? [
          {
            label: l.withinSla,
            color: '#10b981',
            value: loop.count - loop.breached,
            note: pct(loop.count - loop.breached, loop.count),
          },
          { label: l.late, color: '#ef4444', value: loop.breached, note: pct(loop.breached, loop.count) },
        ]
      : [],
  });
  const care = (id: string, title: string, counts: Record<string, number>): Chart => {
    const bars = sortedBars(counts);
    return { id, title, svg: hbarChart({ title, empty: l.none, bars }), hasData: bars.length > 0 };
  };
  return [
    { id: 'loop-funnel', title: l.funnel, svg: funnel, hasData: has },
    { id: 'sla', title: l.sla, svg: sla, hasData: has },
    care('care-by-trigger', l.careByTrigger, s.care.byTrigger),
    care('care-by-channel', l.careByChannel, s.care.byChannel),
  ];
}

/**
 * The charts of one policy run, in report order, each saying whether the run has data for it (the
 * report shows a chart when one of its runs has). `days` aligns the x axes of compared runs.
 */
export function chartsFor(
  run: PolicyRun,
  l: ReportLabels,
  days: readonly string[],
  locale: CliLocale,
): Chart[] {
  return [
    ...incentiveCharts(run, l, days, locale),
    ...loopCharts(run, l),
    ...communityCharts(run, l, locale),
  ];
}
