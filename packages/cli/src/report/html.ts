import type { CliLocale } from '../i18n';
import { type Chart, chartsFor } from './charts';
import { diffTable } from './diff-table';
import { escapeHtml } from './escape';
import { reportLabels } from './labels';
import type { PolicyRun } from './run';
import { REPORT_CSS } from './styles';

export interface ReportInput {
  /** The policy under review, and optionally the one it is compared with (shown side by side). */
  runs: Array<{ label: string; run: PolicyRun }>;
  locale: CliLocale;
}

function kpis(run: PolicyRun, l: ReturnType<typeof reportLabels>): string {
  const s = run.summary;
  const withheld = Object.values(run.series.withheldByDay).reduce((a, b) => a + b, 0);
  const cards: Array<[string, number]> = [
    [l.events, s.events.dispatched],
    [l.users, s.events.users],
    [l.points, s.points.issued],
    [l.capped, withheld],
    [l.loopClosed, s.loop.closed],
  ];
  return `<div class="kpis">${cards
    .map(
      ([label, value]) =>
        `<div class="kpi"><b>${escapeHtml(value.toLocaleString('en'))}</b><span>${escapeHtml(label)}</span></div>`,
    )
    .join('')}</div>`;
}

/**
 * Renders a self-contained HTML report: inline CSS, inline SVG charts, no scripts, no network.
 * Every string that comes from data (policy names, rule ids, triggers, channels) is HTML-escaped.
 *
 * @example
 * writeFileSync('report.html', renderReport({ runs: [{ label: 'policy/', run }], locale: 'en' }));
 */
export function renderReport(input: ReportInput): string {
  const l = reportLabels(input.locale);
  const days = [...new Set(input.runs.flatMap(({ run }) => run.series.days))].sort();
  const charts: Chart[][] = input.runs.map(({ run }) => chartsFor(run, l, days, input.locale));
  const first = input.runs[0]?.run.summary.period;
  const cols = Math.max(1, input.runs.length);
  // `report --policy new --compare old`: the second run is the one the policy is compared with.
  const compared = input.runs[1];
  const heads = input.runs
    .map(
      ({ label, run }, i) =>
        `<div><h2>${escapeHtml(i === 0 ? l.policy : l.current)}: ${escapeHtml(run.summary.policy.name ?? label)} <small>(${escapeHtml(label)})</small></h2>${kpis(run, l)}</div>`,
    )
    .join('');
  // Only the charts some run has data for (no tier chart for a policy without tiers).
  const shown = (charts[0] ?? []).flatMap((chart, index) =>
    charts.some((list) => list[index]?.hasData) ? [{ chart, index }] : [],
  );
  const sections = shown.map(({ chart, index }) => {
    const cells = charts
      .map((list, r) => {
        const c = list[index] as Chart;
        return `<section class="chart-card" data-chart="${escapeHtml(c.id)}" data-run="${r}"><h3>${escapeHtml(c.title)}</h3>${c.svg}</section>`;
      })
      .join('');
    // One policy: the card's own title is enough (charts two to a row); compared: a heading per row.
    return cols === 1
      ? cells
      : `<h2 id="${escapeHtml(chart.id)}">${escapeHtml(chart.title)}</h2><div class="runs">${cells}</div>`;
  });
  return `<!doctype html>
<html lang="${escapeHtml(input.locale)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(l.title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<header><h1>${escapeHtml(l.title)}</h1><p>${escapeHtml(l.generated(first?.from?.slice(0, 10) ?? '—', first?.to?.slice(0, 10) ?? '—'))}</p></header>
<main style="--cols:${cols}">
<div class="runs">${heads}</div>
${compared ? diffTable(compared.run, (input.runs[0] as { run: PolicyRun }).run, l, input.locale) : ''}
${sections.length === 0 ? `<p class="no-charts">${escapeHtml(l.noCharts)}</p>` : cols === 1 ? `<div class="blocks">${sections.join('\n')}</div>` : sections.join('\n')}
</main>
<footer>${escapeHtml(l.footer)}</footer>
</body>
</html>
`;
}
