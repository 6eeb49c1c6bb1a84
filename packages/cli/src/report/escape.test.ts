import { describe, expect, it } from 'vitest';
import { columnChart } from './bar-chart';
import { escapeHtml } from './escape';
import { hbarChart } from './hbar-chart';

describe('report rendering escapes data', () => {
  it('escapes HTML special characters', () => {
    expect(escapeHtml(`<script>alert("x")</script>&'`)).toBe(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;',
    );
  });

  it('never lets a label from data open a tag in a chart', () => {
    const evil = '<img src=x onerror=alert(1)>';
    const bars = hbarChart({ title: evil, empty: '-', bars: [{ label: evil, value: 3 }] });
    const cols = columnChart({ title: 't', series: [evil], columns: [{ label: evil, values: [2] }] });
    for (const out of [bars, cols]) {
      expect(out).not.toContain('<img');
      expect(out).toContain('&lt;img');
    }
  });

  it('draws one mark per positive value and a limit line', () => {
    const out = columnChart({
      title: 'p',
      series: ['a', 'b'],
      columns: [
        { label: 'd1', values: [1, 2] },
        { label: 'd2', values: [0, 4] },
      ],
      limit: { value: 5, label: 'cap' },
    });
    expect(out.match(/class="mark"/g)).toHaveLength(3);
    expect(out).toContain('class="limit"');
  });

  it('renders an empty horizontal chart with its empty text', () => {
    const out = hbarChart({ title: 't', empty: 'nothing here', bars: [] });
    expect(out).toContain('nothing here');
    expect(out).not.toContain('class="mark"');
  });
});
