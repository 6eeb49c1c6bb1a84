import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { instantOf, localDayNumber, periodKey, zonedParts } from './zoned';

const ZONES = [
  'UTC',
  'Asia/Shanghai',
  'America/New_York',
  'Europe/Berlin',
  'Australia/Sydney',
  'Asia/Kolkata',
];

describe('zoned time', () => {
  it('gives wall-clock parts in a time zone', () => {
    const ms = Date.parse('2026-11-23T23:30:15Z');
    expect(zonedParts(ms, 'Asia/Shanghai')).toEqual({
      year: 2026,
      month: 11,
      day: 24,
      hour: 7,
      minute: 30,
      second: 15,
      weekday: 2,
    });
    expect(periodKey(ms, 'UTC', 'day')).toBe('day:2026-11-23');
    expect(periodKey(ms, 'Asia/Shanghai', 'day')).toBe('day:2026-11-24');
  });

  it('memoised parts equal a direct Intl reading for any instant and zone', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_102_444_800_000 }), fc.constantFrom(...ZONES), (ms, zone) => {
        const f = new Intl.DateTimeFormat('en-US', {
          timeZone: zone,
          hourCycle: 'h23',
          year: 'numeric',
          month: 'numeric',
          day: 'numeric',
          hour: 'numeric',
          minute: 'numeric',
          second: 'numeric',
        });
        const direct = Object.fromEntries(
          f
            .formatToParts(ms)
            .filter((p) => p.type !== 'literal')
            .map((p) => [p.type, Number(p.value)]),
        );
        const { weekday: _w, ...parts } = zonedParts(ms, zone);
        expect(parts).toEqual(direct);
      }),
      { numRuns: 500 },
    );
  });

  it('instantOf inverts zonedParts, and consecutive local days differ by one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_000_000_000_000 }), fc.constantFrom(...ZONES), (ms, zone) => {
        const p = zonedParts(ms, zone);
        const back = instantOf(p, zone);
        const q = zonedParts(back, zone);
        expect([q.year, q.month, q.day, q.hour, q.minute]).toEqual([
          p.year,
          p.month,
          p.day,
          p.hour,
          p.minute,
        ]);
        expect(localDayNumber(ms + 86_400_000 * 2, zone) - localDayNumber(ms, zone)).toBeGreaterThanOrEqual(
          1,
        );
      }),
      { numRuns: 300 },
    );
  });
});
