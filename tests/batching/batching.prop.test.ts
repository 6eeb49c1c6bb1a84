import { createEngine, createManualClock, isEngageLoopError, type Store } from '@engageloop/core';
import { incentives } from '@engageloop/incentives';
import { replies } from '@engageloop/replies';
import fc from 'fast-check';
import { describe, expect } from 'vitest';
import { onEveryStore } from './every-store';
import { batchingPolicy, board, comparable, contents, rejected, START, type Step, streamOf } from './support';

const user = fc.integer({ min: 0, max: 3 });
/** True about one time in six: most events run, some fail. */
const sometimes = fc.integer({ min: 0, max: 5 }).map((n) => n === 0);
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('review' as const),
      user,
      text: fc.constantFrom('great' as const, 'terrible' as const, 'ok' as const),
      boom: sometimes,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('feedback' as const), user, prepareBoom: sometimes }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('post' as const),
      user,
      group: fc.constantFrom('a' as const, 'b' as const),
      boom: sometimes,
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('undo' as const), user, pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('replay' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reuse' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('invalid' as const), user }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'tick' as const }) },
);

type Open = () => Promise<Store>;

/** The stream dispatched one event at a time; ticks between. */
async function oneByOne(open: Open, stream: ReturnType<typeof streamOf>) {
  const store = await open();
  const clock = createManualClock(START);
  const engine = createEngine({
    plugins: [incentives(), replies(), board()],
    policy: batchingPolicy,
    store,
    clock,
  });
  const outcomes: unknown[] = [];
  for (const item of stream) {
    if (item === 'tick') {
      clock.advance(3 * 3_600_000);
      await engine.tick();
      continue;
    }
    try {
      outcomes.push(comparable(await engine.dispatch(item)));
    } catch (error) {
      if (!isEngageLoopError(error)) throw error;
      outcomes.push(rejected(item, error));
    }
  }
  clock.advance(2 * 86_400_000);
  await engine.tick();
  const held = await contents(store);
  await engine.close();
  return { outcomes, held };
}

/** The same stream in batches of the given sizes (cycled); a tick ends a batch. */
async function batched(open: Open, stream: ReturnType<typeof streamOf>, sizes: readonly number[]) {
  const store = await open();
  const clock = createManualClock(START);
  const engine = createEngine({
    plugins: [incentives(), replies(), board()],
    policy: batchingPolicy,
    store,
    clock,
  });
  const outcomes: unknown[] = [];
  let segment: unknown[] = [];
  let n = 0;
  const flush = async () => {
    const batchSize = sizes[n++ % sizes.length] as number;
    for (const o of await engine.dispatchBatch(segment, { batchSize })) outcomes.push(comparable(o));
    segment = [];
  };
  for (const item of stream) {
    if (item !== 'tick') {
      segment.push(item);
      continue;
    }
    await flush();
    clock.advance(3 * 3_600_000);
    await engine.tick();
  }
  await flush();
  clock.advance(2 * 86_400_000);
  await engine.tick();
  const held = await contents(store);
  await engine.close();
  return { outcomes, held };
}

const streamArb = fc.array(stepArb, { minLength: 1, maxLength: 40 });
const sizesArb = fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 4 });

function property(open: Open, runs: number) {
  return async () => {
    await fc.assert(
      fc.asyncProperty(streamArb, sizesArb, async (steps, sizes) => {
        const stream = streamOf(steps);
        const one = await oneByOne(open, stream);
        const many = await batched(open, stream, sizes);
        expect(many.outcomes).toEqual(one.outcomes);
        expect(many.held).toEqual(one.held);
      }),
      { numRuns: runs },
    );
  };
}

describe('dispatchBatch equals one-by-one dispatch', () => {
  onEveryStore('on random streams in random batch sizes', property, { memory: 60, sqlite: 25, postgres: 12 });
});
