import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitsWindow, type SentRecord } from './caps';

const H = 3_600_000;

/** The largest number of records in any window [s, s + w) (enough to start windows at records). */
function maxInWindow(times: readonly number[], w: number): number {
  let best = 0;
  for (const s of times) best = Math.max(best, times.filter((t) => t >= s && t < s + w).length);
  return best;
}

describe('caps (properties)', () => {
  it('accepting only what fits never exceeds the cap in any window, whatever the order of times', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 30 * 24 }), { maxLength: 60 }),
        fc.integer({ min: 0, max: 5 }),
        fc.integer({ min: 1, max: 10 * 24 }),
        (hours, max, windowHours) => {
          const history: SentRecord[] = [];
          for (const h of hours) {
            if (fitsWindow(history, h * H, { max, windowMs: windowHours * H })) {
              history.push({ at: h * H, channel: 'app', trigger: 't' });
            }
          }
          expect(
            maxInWindow(
              history.map((r) => r.at),
              windowHours * H,
            ),
          ).toBeLessThanOrEqual(max);
        },
      ),
    );
  });
});
