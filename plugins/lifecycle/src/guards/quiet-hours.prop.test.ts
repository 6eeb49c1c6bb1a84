import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isQuietAt, nextAllowedTime } from './quiet-hours';

const zones = fc.constantFrom(
  'UTC',
  'Asia/Shanghai',
  'America/New_York',
  'Europe/London',
  'Australia/Sydney',
  'Asia/Kolkata',
);
const clock = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 15, 30, 45))
  .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
const instant = fc.integer({
  min: Date.parse('2024-01-01T00:00:00Z'),
  max: Date.parse('2028-01-01T00:00:00Z'),
});

describe('quiet hours (properties)', () => {
  it('the next allowed time is never quiet, never earlier, and within a day', () => {
    fc.assert(
      fc.property(instant, zones, clock, clock, (ms, tz, start, end) => {
        const next = nextAllowedTime(ms, tz, { start, end });
        expect(next).toBeGreaterThanOrEqual(ms);
        expect(isQuietAt(next, tz, { start, end })).toBe(false);
        expect(next - ms).toBeLessThanOrEqual(26 * 3_600_000);
      }),
      { numRuns: 400 },
    );
  });

  it('the window just before the next allowed time is quiet (no earlier allowed minute was skipped)', () => {
    fc.assert(
      fc.property(instant, zones, clock, clock, (ms, tz, start, end) => {
        const next = nextAllowedTime(ms, tz, { start, end });
        if (next > ms) expect(isQuietAt(Math.max(ms, next - 60_000), tz, { start, end })).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('next to a daylight-saving change, no allowed minute is skipped and the result is never quiet', () => {
    const changes = [
      '2025-10-26T01:00:00Z', // London, back
      '2025-03-30T01:00:00Z', // London, forward
      '2025-11-02T06:00:00Z', // New York, back
      '2025-03-09T07:00:00Z', // New York, forward
      '2025-04-05T16:00:00Z', // Sydney, back
      '2025-10-04T16:00:00Z', // Sydney, forward
    ].map(Date.parse);
    const near = fc
      .tuple(fc.constantFrom(...changes), fc.integer({ min: -2 * 1440, max: 2 * 1440 }))
      .map(([change, minutes]) => change + minutes * 60_000);
    const dstZones = fc.constantFrom('Europe/London', 'America/New_York', 'Australia/Sydney');
    fc.assert(
      fc.property(near, dstZones, clock, clock, (ms, tz, start, end) => {
        const next = nextAllowedTime(ms, tz, { start, end });
        expect(next).toBeGreaterThanOrEqual(ms);
        expect(isQuietAt(next, tz, { start, end })).toBe(false);
        if (next > ms) expect(isQuietAt(Math.max(ms, next - 60_000), tz, { start, end })).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('when the clocks go back, the window ends at the first of the two times its end is shown', () => {
    // 02:00 BST on 25 October 2025, quiet 02:00–01:00: 01:00 is shown twice on the 26th (BST, then GMT);
    // the window ends at the first, 00:00Z, and 00:59Z (01:59 BST) is allowed.
    const ms = Date.parse('2025-10-25T01:00:00Z');
    const quiet = { start: '02:00', end: '01:00' };
    expect(new Date(nextAllowedTime(ms, 'Europe/London', quiet)).toISOString()).toBe(
      '2025-10-26T00:00:00.000Z',
    );
    expect(isQuietAt(Date.parse('2025-10-25T23:59:00Z'), 'Europe/London', quiet)).toBe(true);
  });
});
