import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { example, run } from './__fixtures__/harness';
import { diffRuns } from './report/diff';
import { formatDiff } from './report/format-diff';
import type { PolicyRun } from './report/run';
import { emptySummary } from './summary';

/** The sections of a text report: blocks of indented rows under a title line. */
function sections(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let rows: string[] | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith('  ')) rows?.push(line);
    else if (line.trim() !== '') {
      rows = [];
      out.set(line, rows);
    }
  }
  return out;
}

/** Where a row's value starts, in terminal columns: after the key and its padding (two spaces or more). */
const valueColumn = (row: string): number => {
  const match = /^ {2}\S.*?\S? {2,}(?=\S)/.exec(row);
  return match ? stringWidth(match[0]) : -1;
};

/** The terminal columns at which a row's last three cells (separated by two spaces or more) end. */
const numberEnds = (row: string): number[] =>
  [...row.matchAll(/\S+(?: \S+)*/g)]
    .slice(-3)
    .map((m) => stringWidth(row.slice(0, (m.index ?? 0) + m[0].length)));

describe('tables line up by display width', () => {
  it('simulate --lang zh-CN: the policy display names (CJK) and every value column align', {
    timeout: 60_000,
  }, async () => {
    const { code, out } = await run([
      'simulate',
      '--policy',
      example('ecommerce-reviews.json'),
      '--profile',
      'ecommerce',
      '--users',
      '40',
      '--days',
      '14',
      '--needs',
      '--lang',
      'zh-CN',
    ]);
    expect(code).toBe(0);
    const tables = sections(out);
    // The policy's own names instead of ids: tiers, wallets, badges.
    const tiers = (tables.get('层级分布') ?? []).join('\n');
    expect(tiers).toContain('基础层');
    expect(tiers).not.toMatch(/\bbasic\b/);
    expect((tables.get('奖励（按类型）') ?? []).join('\n')).toContain('会员积分');
    expect((tables.get('徽章与里程碑') ?? []).join('\n')).toContain('首评');
    expect((tables.get('积分发放与上限') ?? []).join('\n')).toContain('/ 天）');
    let checked = 0;
    for (const [title, rows] of tables) {
      if (rows.length < 2) continue;
      const columns = rows.map(valueColumn);
      expect(new Set(columns), `${title}:\n${rows.join('\n')}`).toEqual(new Set([columns[0]]));
      checked++;
    }
    expect(checked).toBeGreaterThan(5);
  });

  it('diff: CJK headers and tier names keep the columns aligned', () => {
    const runOf = (points: number, tiers: Record<string, string>): PolicyRun => {
      const summary = emptySummary({ name: 'p', hash: 'h', rules: 1 });
      summary.points.issued = points;
      summary.tiers.distribution = Object.fromEntries(Object.values(tiers).map((t) => [t, 1]));
      const series = {
        days: [],
        tiersByDay: {},
        needsByDay: {},
        messagesByDay: {},
        withheldByDay: {},
        earnersByDay: {},
      };
      const names = { tierOrder: [], tiers: {}, wallets: {}, badges: {}, milestones: {}, contests: {} };
      return { summary, series: { ...series, userTiers: tiers, messagesByKey: {} }, names };
    };
    const text = formatDiff(
      diffRuns(runOf(100, { u1: '基础层', u2: 'core' }), runOf(12_345, { u1: '进阶层·共创官', u2: 'core' })),
      'zh-CN',
    );
    const tables = [...sections(text).values()].filter((rows) => rows.length > 1);
    expect(tables.length).toBeGreaterThanOrEqual(2);
    for (const rows of tables) {
      // Keys are left-aligned and numbers right-aligned: every row ends at the same column.
      expect(new Set(rows.map((r) => stringWidth(r))), rows.join('\n')).toHaveProperty('size', 1);
      // The old / new / Δ columns are right-aligned: each ends at the same column in every row (header too).
      expect(new Set(rows.map((r) => numberEnds(r).join(','))), rows.join('\n')).toHaveProperty('size', 1);
    }
  });
});
