import { describe, expect, it } from 'vitest';
import { closePeriod, placings } from './contests';
import { periodOf } from './periods';

const periodEnd = (ms: number, zone: string, period: 'day' | 'week' | 'month' | 'year') =>
  periodOf(ms, zone, period).endsAt;

import { canMove, stageDeadline } from './tracks';

describe('placings', () => {
  it('ranks by value, breaks ties by ascending id, keeps the top N and drops entries at zero', () => {
    const prefix = 'community:contest:c:month:2026-05:';
    const entries = [
      { key: `${prefix}p2`, value: 5 },
      { key: `${prefix}p1`, value: 5 },
      { key: `${prefix}p3`, value: 7 },
      { key: `${prefix}p4`, value: 1 },
      { key: `${prefix}p5`, value: 0 },
      { key: 'other:p9', value: 99 },
    ];
    expect(placings({ top: 3 }, prefix, entries)).toEqual([
      { rank: 1, entry: 'p3', value: 7 },
      { rank: 2, entry: 'p1', value: 5 },
      { rank: 3, entry: 'p2', value: 5 },
    ]);
    expect(placings({ top: 10 }, prefix, entries).map((p) => p.entry)).toEqual(['p3', 'p1', 'p2', 'p4']);
  });

  it('closes a period once', () => {
    const closed = closePeriod({ id: 'c', closed: [] }, 'month:2026-05', 2)!;
    expect(closePeriod(closed, 'month:2026-05', 2)).toBeNull();
    const more = closePeriod(closePeriod(closed, 'month:2026-06', 2)!, 'month:2026-07', 2)!;
    expect(more.closed).toEqual(['month:2026-06', 'month:2026-07']);
  });
});

describe('period ends at local midnight', () => {
  const SH = 'Asia/Shanghai';
  it('ends a Shanghai day, ISO week, month and year at local midnight (16:00 UTC the day before)', () => {
    const t = Date.parse('2026-05-31T15:59:00Z'); // 23:59 on Sunday 31 May in Shanghai
    expect(new Date(periodEnd(t, SH, 'day')).toISOString()).toBe('2026-05-31T16:00:00.000Z');
    expect(new Date(periodEnd(t, SH, 'week')).toISOString()).toBe('2026-05-31T16:00:00.000Z');
    expect(new Date(periodEnd(t, SH, 'month')).toISOString()).toBe('2026-05-31T16:00:00.000Z');
    expect(new Date(periodEnd(t, SH, 'year')).toISOString()).toBe('2026-12-31T16:00:00.000Z');
    expect(periodOf(t, SH, 'month').key).toBe('month:2026-05');
    expect(periodOf(t + 60_000, SH, 'month').key).toBe('month:2026-06');
  });

  it('follows a DST change in London', () => {
    const t = Date.parse('2026-03-28T12:00:00Z');
    expect(new Date(periodEnd(t, 'Europe/London', 'day')).toISOString()).toBe('2026-03-29T00:00:00.000Z');
    const after = Date.parse('2026-03-29T12:00:00Z');
    expect(new Date(periodEnd(after, 'Europe/London', 'day')).toISOString()).toBe('2026-03-29T23:00:00.000Z');
  });
});

describe('tracks', () => {
  const track = {
    stages: ['proposal', 'voting', 'review', 'adopted', 'declined'],
    transitions: { proposal: ['voting'], voting: ['review'], review: ['adopted', 'declined'] },
    deadlines: { voting: 168 },
  };
  it('allows the declared moves only, starting at the first stage', () => {
    expect(canMove(track, null, 'proposal')).toBe(true);
    expect(canMove(track, null, 'voting')).toBe(false);
    expect(canMove(track, 'review', 'adopted')).toBe(true);
    expect(canMove(track, 'proposal', 'adopted')).toBe(false);
    expect(canMove(track, 'adopted', 'toString')).toBe(false);
    expect(stageDeadline(track, 'voting', 0)).toBe(168 * 3_600_000);
    expect(stageDeadline(track, 'review', 0)).toBeNull();
  });
});
