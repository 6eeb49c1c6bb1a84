import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryCounters } from './memory-counters';
import { compareCodePoints } from './queries';
import type { CounterEntry } from './types';

/** The listing `Store.topCounters` describes, computed the plain way: filter, full sort, cut. */
function naive(values: Map<string, number>, prefix: string, limit: number, after?: CounterEntry) {
  const rank = (a: CounterEntry, b: CounterEntry) => b.value - a.value || compareCodePoints(a.key, b.key);
  return [...values]
    .map(([key, value]) => ({ key, value }))
    .filter((e) => e.key.startsWith(prefix) && (after === undefined || rank(after, e) < 0))
    .sort(rank)
    .slice(0, limit);
}

const key = fc
  .constantFrom('a', 'b', 'ab', ':', '\u{1F600}', '\uFF01')
  .chain((head) => fc.string({ maxLength: 3 }).map((tail) => head + tail));

describe('MemoryCounters.top', () => {
  it('lists what a full sort of the family lists, across bumps interleaved with reads', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.record({ bump: key, delta: fc.integer({ min: -3, max: 5 }) }),
            fc.record({
              prefix: fc.constantFrom('', 'a', 'ab', ':', '\u{1F600}', 'b'),
              limit: fc.integer({ min: 0, max: 6 }),
              after: fc.option(fc.record({ key, value: fc.integer({ min: -3, max: 8 }) }), {
                nil: undefined,
              }),
            }),
          ),
          { maxLength: 60 },
        ),
        (steps) => {
          const counters = new MemoryCounters();
          const values = new Map<string, number>();
          for (const step of steps) {
            if ('bump' in step) {
              counters.add(step.bump, step.delta);
              values.set(step.bump, (values.get(step.bump) ?? 0) + step.delta);
              continue;
            }
            const options = step.after === undefined ? { limit: step.limit } : step;
            expect(counters.top(step.prefix, options)).toEqual(
              naive(values, step.prefix, step.limit, step.after),
            );
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
