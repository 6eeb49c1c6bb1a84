import { describe, expect, it } from 'vitest';
import { addBusinessTime } from './business-hours';
import { NEEDS_DEFAULTS } from './settings';
import { deadlinesFor } from './sla';

const HOUR = 3_600_000;
const weekdays = { days: [1, 2, 3, 4, 5], start: '09:00', end: '18:00' };
const SH = 'Asia/Shanghai';

describe('business hours', () => {
  it('counts only opening hours: Friday 17:00 + 2 h → Monday 10:00 (Shanghai)', () => {
    const fri17 = Date.parse('2026-03-06T17:00:00+08:00');
    expect(new Date(addBusinessTime(fri17, 2 * HOUR, weekdays, SH)).toISOString()).toBe(
      '2026-03-09T02:00:00.000Z',
    );
  });

  it('starts counting at opening time when captured before it, and at the next open day on a weekend', () => {
    const mon7 = Date.parse('2026-03-09T07:00:00+08:00');
    expect(addBusinessTime(mon7, HOUR, weekdays, SH)).toBe(Date.parse('2026-03-09T10:00:00+08:00'));
    const sat = Date.parse('2026-03-07T12:00:00+08:00');
    expect(addBusinessTime(sat, 0, weekdays, SH)).toBe(Date.parse('2026-03-09T09:00:00+08:00'));
  });

  it('spans several days: 24 business hours = 2 days and 6 h', () => {
    const mon9 = Date.parse('2026-03-09T09:00:00+08:00');
    expect(addBusinessTime(mon9, 24 * HOUR, weekdays, SH)).toBe(Date.parse('2026-03-11T15:00:00+08:00'));
  });

  it('keeps local opening hours across a DST change (New York, March 8 2026)', () => {
    const fri17 = Date.parse('2026-03-06T17:00:00-05:00');
    // Monday after the change is UTC-4.
    expect(addBusinessTime(fri17, 2 * HOUR, weekdays, 'America/New_York')).toBe(
      Date.parse('2026-03-09T10:00:00-04:00'),
    );
  });

  it('returns NaN when the hours never open', () => {
    expect(addBusinessTime(0, HOUR, { days: [1], start: '10:00', end: '09:00' }, 'UTC')).toBeNaN();
  });

  it('SLA deadlines use the first matching line and business time when set', () => {
    const fri17 = Date.parse('2026-03-06T17:00:00+08:00');
    const plain = deadlinesFor('complaint', 'urgent', fri17, NEEDS_DEFAULTS, SH);
    expect(plain).toEqual({ acknowledgeDueAt: fri17 + 2 * HOUR, resolveDueAt: fri17 + 48 * HOUR });
    const business = deadlinesFor(
      'complaint',
      'urgent',
      fri17,
      { ...NEEDS_DEFAULTS, businessHours: weekdays },
      SH,
    );
    expect(business.acknowledgeDueAt).toBe(Date.parse('2026-03-09T10:00:00+08:00'));
    expect(deadlinesFor('question', 'low', 0, { sla: [], businessHours: null }, SH)).toEqual({
      acknowledgeDueAt: null,
      resolveDueAt: null,
    });
  });
});
