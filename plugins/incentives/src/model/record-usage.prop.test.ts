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

/** Past uses of the caps `ids`, up to `days` either side of T0. */
const usesOf = (ids: string[], days: number, maxLength: number) =>
  fc.array(
    fc.record({
      cap: fc.constantFrom(...ids),
      dayOffset: fc.integer({ min: -days, max: days }),
      n: fc.integer({ min: 1, max: 50 }),
    }),
    { maxLength },
  );

/** The usage record of `uses`, keyed as `capKey` keys a cap of `period`. */
function usageOf(
  uses: Array<{ cap: string; dayOffset: number; n: number }>,
  period: CapPeriod,
  proto = false,
) {
  const usage: IncentivesState['usage'] = JSON.parse(proto ? '{"__proto__":{"n":1,"at":0}}' : '{}');
  for (const u of uses) {
    const at = T0 + u.dayOffset * 24 * HOUR;
    usage[capKey({ id: u.cap, period, max: 100 }, at, 'UTC')] = { n: u.n, at };
  }
  return usage;
}

describe('recordUsage of one cap', () => {
  it('leaves the keys, their order and values the copy-and-delete way did', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<CapPeriod>('day', 'week', 'month'),
        usesOf(['a', 'ab', 'b'], 200, 12),
        fc.integer({ min: -200, max: 200 }),
        (period, uses, eventDay) => {
          const cap: CapSettings = { id: 'a', period, max: 100 };
          const usage = usageOf(uses, period);
          const t = T0 + eventDay * 24 * HOUR;
          const state = sliceWith(initialState(), { usage });
          const input = { ruleId: 'r', wallet: 'points', t, timeZone: 'UTC', caps: [cap] };
          const next = recordUsage(state, input, 7).usage;
          expect(JSON.stringify(next)).toBe(JSON.stringify(reference(usage, cap, t, 7)));
        },
      ),
    );
  });

  it('records several caps one after the other as the copy-and-delete way did, a `__proto__` key kept as data', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<CapPeriod>('day', 'week'),
        usesOf(['a', 'b', 'c'], 60, 10),
        fc.boolean(),
        fc.integer({ min: -60, max: 60 }),
        (period, uses, proto, eventDay) => {
          const caps: CapSettings[] = [
            { id: 'a', period, max: 100 },
            { id: 'b', period: 'month', max: 100 },
          ];
          const usage = usageOf(uses, period, proto);
          const t = T0 + eventDay * 24 * HOUR;
          const state = sliceWith(initialState(), { usage });
          const input = { ruleId: 'r', wallet: 'points', t, timeZone: 'UTC', caps };
          const next = recordUsage(state, input, 7).usage;
          const want = caps.reduce((u, cap) => reference(u, cap, t, 7), usage);
          expect(JSON.stringify(next)).toBe(JSON.stringify(want));
          expect(Object.getPrototypeOf(next)).toBe(Object.prototype);
        },
      ),
    );
  });
});
