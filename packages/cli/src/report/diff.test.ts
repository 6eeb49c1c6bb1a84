import { describe, expect, it } from 'vitest';
import { emptySummary } from '../summary';
import { diffRuns } from './diff';
import { formatDiff } from './format-diff';
import type { PolicyRun } from './run';

function run(
  points: number,
  rules: Record<string, number>,
  tiers: Record<string, string>,
  topics: Record<string, number>,
): PolicyRun {
  const summary = emptySummary({ name: 'p', hash: 'h', rules: 1 });
  summary.points.issued = points;
  summary.rewards.byWallet.points = { grants: 1, amount: points };
  summary.rules = rules;
  return {
    summary,
    series: {
      days: [],
      tiersByDay: {},
      needsByDay: {},
      messagesByDay: {},
      withheldByDay: {},
      earnersByDay: {},
      userTiers: tiers,
      messagesByKey: topics,
    },
    names: { tierOrder: [], tiers: {}, wallets: {}, badges: {}, milestones: {}, contests: {} },
  };
}

describe('diffRuns', () => {
  const old = run(100, { a: 3, b: 1 }, { u1: 'basic', u2: 'core' }, { 'reply · ack': 2 });
  const next = run(
    140,
    { a: 3, c: 5 },
    { u1: 'advanced', u2: 'core', u3: 'basic' },
    { 'reply · ack': 2, 'care · welcome': 1 },
  );

  it('reports cost, tier changes, messages and rules that change', () => {
    const d = diffRuns(old, next);
    expect(d.cost.points).toEqual({ old: 100, new: 140, delta: 40 });
    expect(d.tierChanges).toEqual([
      { userId: 'u1', old: 'basic', new: 'advanced' },
      { userId: 'u3', old: '(none)', new: 'basic' },
    ]);
    expect(Object.keys(d.messages)).toEqual(['care · welcome']);
    expect(d.rules).toEqual({ b: { old: 1, new: 0, delta: -1 }, c: { old: 0, new: 5, delta: 5 } });
  });

  it('finds no change between a run and itself', () => {
    const d = diffRuns(old, old);
    expect(d.tierChanges).toEqual([]);
    expect(d.rules).toEqual({});
    expect(d.messages).toEqual({});
    expect(d.cost.points.delta).toBe(0);
  });

  it('treats user ids like __proto__ as data', () => {
    const a = run(0, {}, JSON.parse('{"__proto__":"basic"}'), {});
    const b = run(0, {}, {}, {});
    expect(diffRuns(a, b).tierChanges).toEqual([{ userId: '__proto__', old: 'basic', new: '(none)' }]);
  });

  it('formats text tables in both languages', () => {
    const d = diffRuns(old, next);
    expect(formatDiff(d, 'en')).toContain('+40');
    expect(formatDiff(d, 'zh-CN')).toContain('层级发生变化的用户：2');
  });
});
