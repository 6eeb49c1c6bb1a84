import { escapeHtml, num } from './escape';
import { colour } from './palette';

/** One stacked column: its label and the value of each series. */
export interface Column {
  label: string;
  values: number[];
}

export interface ColumnChartOptions {
  title: string;
  series: string[];
  columns: Column[];
  /** A horizontal reference line (e.g. a daily budget). */
  limit?: { value: number; label: string };
  /** Reference lines that change per column (e.g. a per-user daily cap × the users earning that day). */
  steps?: Array<{ values: number[]; label: string }>;
  /** Text shown when every value is zero. */
  empty?: string;
  width?: number;
  height?: number;
}

const niceMax = (value: number): number => {
  if (value <= 0) return 4;
  const step = 10 ** Math.floor(Math.log10(value));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * step >= value) return m * step;
  return 10 * step;
};

/** Renders a (stacked) column chart as inline SVG; an empty data set renders a labelled empty frame. */
export function columnChart(options: ColumnChartOptions): string {
  const width = options.width ?? 640;
  const height = options.height ?? 260;
  const pad = { left: 48, right: 16, top: 16, bottom: 40 };
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const totals = options.columns.map((c) => c.values.reduce((a, b) => a + b, 0));
  const steps = options.steps ?? [];
  const max = niceMax(Math.max(0, ...totals, options.limit?.value ?? 0, ...steps.flatMap((st) => st.values)));
  const y = (v: number) => pad.top + plotH - (v / max) * plotH;
  const n = Math.max(1, options.columns.length);
  const slot = plotW / n;
  const barW = Math.max(1, slot * 0.75);
  const parts: string[] = [];
  for (let t = 0; t <= 4; t++) {
    const v = (max / 4) * t;
    const tick = Number.isInteger(v) ? v : Math.round(v * 10) / 10;
    parts.push(
      `<line class="grid" x1="${pad.left}" x2="${width - pad.right}" y1="${num(y(v))}" y2="${num(y(v))}"/>`,
      `<text class="tick" x="${pad.left - 6}" y="${num(y(v) + 4)}" text-anchor="end">${escapeHtml(tick)}</text>`,
    );
  }
  const labelEvery = Math.max(1, Math.ceil(n / 10));
  options.columns.forEach((column, i) => {
    const x = pad.left + i * slot + (slot - barW) / 2;
    let base = 0;
    column.values.forEach((v, s) => {
      if (v <= 0) return;
      parts.push(
        `<rect class="mark" x="${num(x)}" y="${num(y(base + v))}" width="${num(barW)}" height="${num(y(base) - y(base + v))}" fill="${colour(s)}"><title>${escapeHtml(`${column.label} · ${options.series[s] ?? ''}: ${v}`)}</title></rect>`,
      );
      base += v;
    });
    if (i % labelEvery === 0) {
      parts.push(
        `<text class="tick" x="${num(x + barW / 2)}" y="${height - pad.bottom + 16}" text-anchor="middle">${escapeHtml(column.label)}</text>`,
      );
    }
  });
  if (options.limit) {
    const ly = num(y(options.limit.value));
    parts.push(
      `<line class="limit" x1="${pad.left}" x2="${width - pad.right}" y1="${ly}" y2="${ly}"/>`,
      `<text class="limit-label" x="${width - pad.right}" y="${num(y(options.limit.value) - 4)}" text-anchor="end">${escapeHtml(options.limit.label)}</text>`,
    );
  }
  for (const step of steps) {
    const path = step.values
      .map(
        (v, i) =>
          `${i === 0 ? 'M' : 'L'}${num(pad.left + i * slot)} ${num(y(v))} H${num(pad.left + (i + 1) * slot)}`,
      )
      .join(' ');
    const last = step.values.at(-1) ?? 0;
    parts.push(
      `<path class="limit" fill="none" d="${path}"><title>${escapeHtml(step.label)}</title></path>`,
      `<text class="limit-label" x="${width - pad.right}" y="${num(Math.max(pad.top + 10, y(Math.max(...step.values, last)) - 4))}" text-anchor="end">${escapeHtml(step.label)}</text>`,
    );
  }
  if (totals.every((t) => t <= 0)) {
    parts.push(
      `<text class="empty" x="${num(pad.left + plotW / 2)}" y="${num(pad.top + plotH / 2)}" text-anchor="middle">${escapeHtml(options.empty ?? '—')}</text>`,
    );
  }
  parts.push(
    `<line class="axis" x1="${pad.left}" x2="${width - pad.right}" y1="${pad.top + plotH}" y2="${pad.top + plotH}"/>`,
  );
  return svg(width, height, options.title, parts, legend(options.series));
}

/** A legend below the chart, as HTML. */
export function legend(series: readonly string[]): string {
  if (series.length <= 1) return '';
  return `<ul class="legend">${series
    .map((s, i) => `<li><span class="swatch" style="background:${colour(i)}"></span>${escapeHtml(s)}</li>`)
    .join('')}</ul>`;
}

/** Wraps marks in an accessible SVG element. */
export function svg(width: number, height: number, title: string, parts: string[], after = ''): string {
  return `<svg class="chart" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${escapeHtml(title)}" xmlns="http://www.w3.org/2000/svg"><title>${escapeHtml(title)}</title>${parts.join('')}</svg>${after}`;
}
