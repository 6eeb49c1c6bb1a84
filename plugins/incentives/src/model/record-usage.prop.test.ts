import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CapPeriod, CapSettings } from '../settings-types';
import type { IncentivesState } from '../types';
import { capKey, recordUsage } from './caps';
import { initialState, sliceWith } from './state';

const HOUR = 3_600_000;
const LONGEST: Record<CapPeriod, number> = {
  day: 26 * HOUR,
  week: 170 * HOUR,
  month: 768 * HOUR,
  year: 8808 * HOUR,
};
const T0 = Date.parse('2026-03-01T00:00:00Z');

/** `recordUsage` as it was written before its one-cap copy: copy, count up, then `delete` the cap's stale keys. */
function reference(usage: IncentivesState['usage'], cap: CapSettings, t: number, granted: number) {
  const out = { ...usage };
  const key = capKey(cap, t, 'UTC');
  const prev = out[key];
  out[key] = { n: (prev?.n ?? 0) + granted, at: Math.max(prev?.at ?? -Infinity, t) };
  let newest = -Infinity;
  for (const k of Object.keys(out))
    if (k.startsWith(`${cap.id}|`) && out[k]!.at > newest) newest = out[k]!.at;
  for (const k of Object.keys(out))
    if (k.startsWith(`${cap.id}|`) && out[k]!.at < newest - 3 * LONGEST[cap.period]) delete out[k];
  return out;
}

describe('recordUsage of one cap', () => {
  it('leaves the keys, their order and values the copy-and-delete way did', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<CapPeriod>('day', 'week', 'month'),
        fc.array(
          fc.record({
            cap: fc.constantFrom('a', 'ab', 'b'),
            dayOffset: fc.integer({ min: -200, max: 200 }),
            n: fc.integer({ min: 1, max: 50 }),
          }),
          { maxLength: 12 },
        ),
        fc.integer({ min: -200, max: 200 }),
        (period, uses, eventDay) => {
          const cap: CapSettings = { id: 'a', period, max: 100 };
          const usage: IncentivesState['usage'] = {};
          for (const u of uses) {
            const at = T0 + u.dayOffset * 24 * HOUR;
            usage[capKey({ id: u.cap, period, max: 100 }, at, 'UTC')] = { n: u.n, at };
          }
          const t = T0 + eventDay * 24 * HOUR;
          const state = sliceWith(initialState(), { usage });
          const input = { ruleId: 'r', wallet: 'points', t, timeZone: 'UTC', caps: [cap] };
          const next = recordUsage(state, input, 7).usage;
          expect(JSON.stringify(next)).toBe(JSON.stringify(reference(usage, cap, t, 7)));
        },
      ),
    );
  });
});
