import { describe, expect, it } from 'vitest';
import type { CapSettings } from '../settings-types';
import { capKey, limitAward, pruneUsage, recordUsage } from './caps';
import { initialState } from './state';

const daily: CapSettings = { id: 'daily', rules: ['review'], period: 'day', max: 50 };
const input = (t: number, amount: number, timeZone = 'Asia/Shanghai') => ({
  ruleId: 'review',
  wallet: 'points',
  amount,
  t,
  timeZone,
  caps: [daily],
  budgets: [],
  budgetUsed: () => 0,
});

function awardAll(times: Array<[string, number]>, timeZone: string) {
  let state = initialState();
  const granted: number[] = [];
  for (const [at, amount] of times) {
    const i = input(Date.parse(at), amount, timeZone);
    const g = limitAward(state, i).granted;
    state = recordUsage(state, i, g);
    granted.push(g);
  }
  return { state, granted };
}

describe('per-user caps', () => {
  it('caps per local day: the Shanghai day starts at 16:00 UTC', () => {
    const { granted } = awardAll(
      [
        ['2026-01-01T10:00:00Z', 30],
        ['2026-01-01T15:59:00Z', 30], // same Shanghai day (23:59): 20 left
        ['2026-01-01T16:00:00Z', 30], // next Shanghai day
      ],
      'Asia/Shanghai',
    );
    expect(granted).toEqual([30, 20, 30]);
  });

  it('the same instants in UTC fall on one day', () => {
    const { granted } = awardAll(
      [
        ['2026-01-01T10:00:00Z', 30],
        ['2026-01-01T15:59:00Z', 30],
        ['2026-01-01T16:00:00Z', 30],
      ],
      'UTC',
    );
    expect(granted).toEqual([30, 20, 0]);
  });

  it('a DST day (25 hours in New York) is still one period', () => {
    // 2026-11-01 is the fall-back day in America/New_York: 04:00Z → 05:00Z next day is one local day.
    const { granted } = awardAll(
      [
        ['2026-11-01T04:30:00Z', 40],
        ['2026-11-02T04:30:00Z', 40], // 23:30 local, same day (25-hour day)
        ['2026-11-02T05:30:00Z', 40], // 00:30 local next day
      ],
      'America/New_York',
    );
    expect(granted).toEqual([40, 10, 40]);
  });

  it('reports which cap limited the award', () => {
    const state = recordUsage(initialState(), input(0, 0), 45);
    const result = limitAward(state, input(0, 10));
    expect(result).toEqual({
      granted: 5,
      hits: [{ id: 'daily', kind: 'cap', max: 50, used: 45, reason: 'limit' }],
    });
  });

  it('refuses events too late to account for, and prunes old periods', () => {
    const day = 86_400_000;
    const t0 = Date.parse('2026-03-01T12:00:00Z');
    let state = initialState();
    for (let d = 0; d < 10; d++) state = recordUsage(state, input(t0 + d * day, 10), 10);
    expect(Object.keys(state.usage).length).toBeLessThanOrEqual(4);
    const late = limitAward(state, input(t0, 10));
    expect(late.granted).toBe(0);
    expect(late.hits[0]?.reason).toBe('late');
    expect(capKey(daily, t0, 'UTC')).toBe('daily|day:2026-03-01');
  });

  it('caps named by the award apply whatever their rule filter; budgets use the given usage', () => {
    const other: CapSettings = { id: 'weekly', rules: ['other'], period: 'week', max: 5 };
    const result = limitAward(initialState(), {
      ...input(0, 100),
      caps: [other],
      named: ['weekly'],
      budgets: [{ id: 'global', period: 'month', max: 1000 }],
      budgetUsed: () => 998,
    });
    expect(result.granted).toBe(2);
    expect(result.hits.map((h) => h.id)).toEqual(['weekly', 'global']);
  });

  it('drops usage of caps removed from the settings', () => {
    const state = recordUsage(initialState(), input(0, 0), 5);
    expect(pruneUsage(state, [daily])).toBe(state);
    expect(pruneUsage(state, []).usage).toEqual({});
  });
});
