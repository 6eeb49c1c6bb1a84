import { svg } from './bar-chart';
import { escapeHtml, num } from './escape';
import { colour } from './palette';

export interface HBar {
  label: string;
  value: number;
  /** Extra text after the value, e.g. a percentage. */
  note?: string;
  /** A fixed colour (e.g. red for "not answered"); else the palette. */
  color?: string;
}

/**
 * Renders horizontal bars (a funnel, counts by trigger or channel) as inline SVG. With no bars it
 * renders a frame with `empty` as its text.
 */
export function hbarChart(options: { title: string; bars: HBar[]; empty: string; width?: number }): string {
  const width = options.width ?? 640;
  const rowH = 28;
  const labelW = 170;
  const right = 90;
  const bars = options.bars.slice(0, 12);
  const height = Math.max(1, bars.length) * rowH + 16;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const plotW = width - labelW - right;
  const parts: string[] = [];
  if (bars.length === 0) {
    parts.push(
      `<text class="empty" x="${width / 2}" y="${height / 2 + 4}" text-anchor="middle">${escapeHtml(options.empty)}</text>`,
    );
  }
  bars.forEach((bar, i) => {
    const y = 8 + i * rowH;
    const w = Math.max(bar.value > 0 ? 2 : 0, (bar.value / max) * plotW);
    parts.push(
      `<text class="label" x="${labelW - 8}" y="${y + 17}" text-anchor="end">${escapeHtml(bar.label)}</text>`,
      `<rect class="mark" x="${labelW}" y="${y + 4}" width="${num(w)}" height="${rowH - 8}" rx="3" fill="${bar.color ?? colour(i)}"><title>${escapeHtml(`${bar.label}: ${bar.value}`)}</title></rect>`,
      `<text class="value" x="${num(labelW + w + 6)}" y="${y + 17}">${escapeHtml(`${bar.value}${bar.note ? ` · ${bar.note}` : ''}`)}</text>`,
    );
  });
  return svg(width, height, options.title, parts);
}
