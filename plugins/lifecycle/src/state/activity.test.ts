import { describe, expect, it } from 'vitest';
import { recordActivity, sentimentSummary, streakEndingAt } from './activity';
import { initialSlice } from './slice';

const at = (iso: string) => Date.parse(iso);

describe('activity', () => {
  it('counts distinct local days, streaks and recency', () => {
    let s = initialSlice();
    for (const iso of [
      '2026-01-01T10:00:00Z',
      '2026-01-01T12:00:00Z',
      '2026-01-02T09:00:00Z',
      '2026-01-03T09:00:00Z',
    ]) {
      s = recordActivity(s, { time: at(iso), timeZone: 'UTC' });
    }
    expect(s.activeDays).toBe(3);
    expect(s.streak).toBe(3);
    expect(s.firstActiveAt).toBe(at('2026-01-01T10:00:00Z'));
    expect(s.lastActiveAt).toBe(at('2026-01-03T09:00:00Z'));
  });

  it('uses the user time zone for days', () => {
    // 23:00Z and 01:00Z next day are the same day in New York (18:00 and 20:00)
    let s = initialSlice();
    s = recordActivity(s, { time: at('2026-01-01T23:00:00Z'), timeZone: 'America/New_York' });
    s = recordActivity(s, { time: at('2026-01-02T01:00:00Z'), timeZone: 'America/New_York' });
    expect(s.activeDays).toBe(1);
  });

  it('adds spend and keeps sentiment history, without mutating the input', () => {
    const s0 = initialSlice();
    const s1 = recordActivity(s0, { time: 1, timeZone: 'UTC', amount: 120, sentiment: -0.5 });
    expect(s1.spend).toBe(120);
    expect(s1.purchases).toBe(1);
    expect(s1.sentiments).toEqual([-0.5]);
    expect(s0).toEqual(initialSlice());
  });

  it('streaks break on a gap', () => {
    expect(streakEndingAt([1, 2, 4, 5, 6])).toBe(3);
    expect(streakEndingAt([])).toBe(0);
  });

  it('summarises sentiment with a trend', () => {
    expect(sentimentSummary([])).toEqual({ last: null, average: null, trend: 0 });
    const s = sentimentSummary([0.8, 0.8, 0.8, -0.2, -0.2, -0.2]);
    expect(s.last).toBe(-0.2);
    expect(s.trend).toBeCloseTo(-1);
  });
});
