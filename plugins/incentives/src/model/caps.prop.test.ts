import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CapPeriod } from '../settings-types';
import { periodKey } from '../time';
import { limitAward, recordUsage } from './caps';
import { initialState } from './state';

const ZONES = [
  'UTC',
  'Asia/Shanghai',
  'America/New_York',
  'Europe/London',
  'Australia/Lord_Howe',
  'Asia/Kathmandu',
  'Pacific/Kiritimati',
];
const T0 = Date.parse('2026-03-01T00:00:00Z');

describe('cap properties', () => {
  it('granted per period never exceeds the cap, for any sequence, time zone and period', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.constantFrom<CapPeriod>('day', 'week', 'month', 'year'),
        fc.integer({ min: 0, max: 100 }),
        fc.array(
          fc.record({
            offsetH: fc.integer({ min: 0, max: 24 * 400 }),
            amount: fc.integer({ min: 1, max: 60 }),
          }),
          {
            maxLength: 60,
          },
        ),
        (timeZone, period, max, awards) => {
          const cap = { id: 'c', period, max };
          let state = initialState();
          const totals = new Map<string, number>();
          for (const a of awards) {
            const t = T0 + a.offsetH * 3_600_000;
            const input = {
              ruleId: 'r',
              wallet: 'points',
              amount: a.amount,
              t,
              timeZone,
              caps: [cap],
              budgets: [],
              budgetUsed: () => 0,
            };
            const { granted } = limitAward(state, input);
            expect(granted).toBeGreaterThanOrEqual(0);
            expect(granted).toBeLessThanOrEqual(a.amount);
            state = recordUsage(state, input, granted);
            const key = periodKey(t, timeZone, period);
            totals.set(key, (totals.get(key) ?? 0) + granted);
          }
          for (const total of totals.values()) expect(total).toBeLessThanOrEqual(max);
        },
      ),
      { numRuns: 200 },
    );
  });
});
