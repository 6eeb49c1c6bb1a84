import { describe, expect, it } from 'vitest';
import { advanceStreak, currentRun, streakPeriod } from './streaks';

const daily = { period: 'day' as const };
const p = (iso: string, tz = 'Asia/Shanghai') => streakPeriod(Date.parse(iso), tz, 'day');

describe('streaks', () => {
  it('extends on consecutive local days, ignores a second check-in the same day', () => {
    let step = advanceStreak(undefined, p('2026-01-01T01:00:00Z'), daily);
    expect(step.kind).toBe('started');
    step = advanceStreak(step.state, p('2026-01-01T15:00:00Z'), daily); // 23:00 Shanghai, same day
    expect(step.kind).toBe('same-period');
    step = advanceStreak(step.state, p('2026-01-01T16:30:00Z'), daily); // 00:30 next Shanghai day
    expect(step).toMatchObject({ kind: 'extended', state: { count: 2, best: 2 } });
  });

  it('breaks after a missed day without freezes', () => {
    const s = { count: 5, last: 100, best: 5, frozen: 0 };
    const step = advanceStreak(s, 102, daily);
    expect(step).toEqual({
      kind: 'started',
      state: { count: 1, last: 102, best: 5, frozen: 0 },
      broken: { count: 5 },
    });
    expect(currentRun(s, 101, daily)).toBe(5);
    expect(currentRun(s, 102, daily)).toBe(0);
  });

  it('freezes bridge missed days until used up', () => {
    const withFreeze = { period: 'day' as const, freezes: 1 };
    let step = advanceStreak({ count: 5, last: 100, best: 5, frozen: 0 }, 102, withFreeze);
    expect(step).toMatchObject({ kind: 'extended', frozen: 1, state: { count: 6, frozen: 1 } });
    step = advanceStreak(step.state, 104, withFreeze);
    expect(step.kind).toBe('started');
  });

  it('weekly streaks count ISO weeks in the user time zone', () => {
    const week = (iso: string) => streakPeriod(Date.parse(iso), 'UTC', 'week');
    expect(week('2026-01-04T23:00:00Z') + 1).toBe(week('2026-01-05T00:00:00Z')); // Sunday → Monday
    const step = advanceStreak(
      { count: 1, last: week('2026-01-01T00:00:00Z'), best: 1, frozen: 0 },
      week('2026-01-08T00:00:00Z'),
      {
        period: 'week',
      },
    );
    expect(step.kind).toBe('extended');
  });

  it('ignores out-of-order activity', () => {
    expect(advanceStreak({ count: 3, last: 10, best: 3, frozen: 0 }, 9, daily).kind).toBe('out-of-order');
  });
});
