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
});
