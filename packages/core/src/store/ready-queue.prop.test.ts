import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createReadyQueue, type ReadyItem } from './ready-queue';

type Op =
  | { kind: 'push'; id: string; readyAt: number; rank: number }
  | { kind: 'drop'; id: string }
  | { kind: 'take'; now: number; limit: number };

const id = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', '__proto__');
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('push' as const),
    id,
    readyAt: fc.integer({ min: 0, max: 50 }),
    rank: fc.integer({ min: 0, max: 5 }),
  }),
  fc.record({ kind: fc.constant('drop' as const), id }),
  fc.record({
    kind: fc.constant('take' as const),
    now: fc.integer({ min: 0, max: 60 }),
    limit: fc.integer({ min: 1, max: 4 }),
  }),
);

const order = (a: ReadyItem, b: ReadyItem) => a.rank - b.rank || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

describe('createReadyQueue', () => {
  it('takes exactly what a full scan would: live items ready at now, in (rank, id) order', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 80 }), (ops) => {
        const queue = createReadyQueue();
        const live = new Map<string, ReadyItem>();
        let version = 0;
        for (const o of ops) {
          if (o.kind === 'push') {
            const item = { id: o.id, readyAt: o.readyAt, rank: o.rank, version: ++version };
            live.set(o.id, item);
            queue.push(item);
          } else if (o.kind === 'drop') {
            live.delete(o.id);
          } else {
            const expected = [...live.values()]
              .filter((item) => item.readyAt <= o.now)
              .sort(order)
              .slice(0, o.limit);
            const taken = queue.take(o.now, o.limit, (item) => {
              const current = live.get(item.id);
              if (current?.version !== item.version) return 'stale';
              return current.readyAt <= o.now ? 'take' : 'later';
            });
            expect(taken).toEqual(expected);
            for (const item of taken) live.delete(item.id);
          }
        }
      }),
    );
  });

  it('keeps thousands of items through growth and shrinking of its columns', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2_000 }), fc.integer(), (n, seed) => {
        const queue = createReadyQueue();
        let x = seed >>> 0;
        const next = () => {
          x = (Math.imul(x, 1_103_515_245) + 12_345) >>> 0;
          return x % 10_000;
        };
        const items = Array.from({ length: n }, (_, i) => ({
          id: `i${i}`,
          readyAt: 1.7e12 + next(),
          rank: 1.7e12 + next(),
          version: i + 1,
        }));
        for (const item of items) queue.push(item);
        expect(queue.size()).toBe(n);
        const taken: ReadyItem[] = [];
        for (let now = 1.7e12; taken.length < n; now += 997) {
          const batch = queue.take(now, 50, () => 'take');
          expect(batch.every((item) => item.readyAt <= now)).toBe(true);
          taken.push(...batch);
        }
        expect([...taken].sort((a, b) => a.version - b.version)).toEqual(items);
        expect(queue.size()).toBe(0);
      }),
      { numRuns: 20 },
    );
  });
});
