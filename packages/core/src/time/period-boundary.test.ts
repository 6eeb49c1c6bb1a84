import { describe, expect, it } from 'vitest';
import { nextPeriodBoundary, periodKey } from './zoned';

const t = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

describe('nextPeriodBoundary', () => {
  it('Europe/London: local midnight on both sides of the spring change (GMT → BST)', () => {
    // Sunday 29 March 2026: clocks go 01:00 → 02:00. Midnight before it is 00:00Z, after it 23:00Z.
    expect(iso(nextPeriodBoundary(t('2026-03-28T12:00:00Z'), 'Europe/London', 'day'))).toBe(
      '2026-03-29T00:00:00.000Z',
    );
    expect(iso(nextPeriodBoundary(t('2026-03-29T00:30:00Z'), 'Europe/London', 'day'))).toBe(
      '2026-03-29T23:00:00.000Z',
    );
    expect(iso(nextPeriodBoundary(t('2026-03-29T12:00:00Z'), 'Europe/London', 'day'))).toBe(
      '2026-03-29T23:00:00.000Z',
    );
  });

  it('Europe/London: the autumn change (BST → GMT), and an instant on the boundary gives the next one', () => {
    // Sunday 25 October 2026: clocks go 02:00 → 01:00. Midnight that day is 23:00Z on the 24th; the next is 00:00Z.
    expect(iso(nextPeriodBoundary(t('2026-10-24T12:00:00Z'), 'Europe/London', 'day'))).toBe(
      '2026-10-24T23:00:00.000Z',
    );
    expect(iso(nextPeriodBoundary(t('2026-10-24T23:00:00Z'), 'Europe/London', 'day'))).toBe(
      '2026-10-26T00:00:00.000Z',
    );
    expect(iso(nextPeriodBoundary(t('2026-10-25T01:30:00Z'), 'Europe/London', 'day'))).toBe(
      '2026-10-26T00:00:00.000Z',
    );
  });

  it('Europe/London: ISO weeks start on Monday 00:00 local time, across a change', () => {
    // Saturday 28 March 2026 → Monday 30 March 00:00 BST = 29 March 23:00Z.
    expect(iso(nextPeriodBoundary(t('2026-03-28T10:00:00Z'), 'Europe/London', 'week'))).toBe(
      '2026-03-29T23:00:00.000Z',
    );
    // A Monday at noon → the next Monday.
    expect(iso(nextPeriodBoundary(t('2026-03-30T11:00:00Z'), 'Europe/London', 'week'))).toBe(
      '2026-04-05T23:00:00.000Z',
    );
    // Sunday 23:30 BST (22:30Z) → Monday 00:00 BST.
    expect(iso(nextPeriodBoundary(t('2026-04-05T22:30:00Z'), 'Europe/London', 'week'))).toBe(
      '2026-04-05T23:00:00.000Z',
    );
  });

  it('Europe/London: month and year boundaries follow the offset of their date', () => {
    expect(iso(nextPeriodBoundary(t('2026-03-15T00:00:00Z'), 'Europe/London', 'month'))).toBe(
      '2026-03-31T23:00:00.000Z',
    );
    expect(iso(nextPeriodBoundary(t('2026-10-15T00:00:00Z'), 'Europe/London', 'month'))).toBe(
      '2026-11-01T00:00:00.000Z',
    );
    expect(iso(nextPeriodBoundary(t('2026-07-01T00:00:00Z'), 'Europe/London', 'year'))).toBe(
      '2027-01-01T00:00:00.000Z',
    );
  });

  it('Asia/Shanghai (UTC+8, no DST): midnight is 16:00Z the day before', () => {
    expect(iso(nextPeriodBoundary(t('2026-05-31T15:59:59Z'), 'Asia/Shanghai', 'day'))).toBe(
      '2026-05-31T16:00:00.000Z',
    );
    expect(iso(nextPeriodBoundary(t('2026-05-31T15:59:59Z'), 'Asia/Shanghai', 'month'))).toBe(
      '2026-05-31T16:00:00.000Z',
    );
    expect(iso(nextPeriodBoundary(t('2026-05-31T16:00:00Z'), 'Asia/Shanghai', 'month'))).toBe(
      '2026-06-30T16:00:00.000Z',
    );
    // Wednesday 3 June 2026 → Monday 8 June 00:00 CST.
    expect(iso(nextPeriodBoundary(t('2026-06-03T04:00:00Z'), 'Asia/Shanghai', 'week'))).toBe(
      '2026-06-07T16:00:00.000Z',
    );
    expect(iso(nextPeriodBoundary(t('2026-12-31T16:00:00Z'), 'Asia/Shanghai', 'year'))).toBe(
      '2027-12-31T16:00:00.000Z',
    );
  });

  it('the boundary starts a new period key, and the instant before it is still in the old one', () => {
    for (const zone of ['Europe/London', 'Asia/Shanghai', 'America/New_York', 'UTC']) {
      for (const period of ['day', 'week', 'month', 'year'] as const) {
        for (
          let ms = t('2026-01-01T00:00:00Z');
          ms < t('2027-01-01T00:00:00Z');
          ms += 5 * 86_400_000 + 3_600_000
        ) {
          const next = nextPeriodBoundary(ms, zone, period);
          expect(next).toBeGreaterThan(ms);
          expect(periodKey(next - 1, zone, period)).toBe(periodKey(ms, zone, period));
          expect(periodKey(next, zone, period)).not.toBe(periodKey(ms, zone, period));
        }
      }
    }
  });
});
