import { createEngine, createManualClock, type LoopEvent, type Store } from '@engageloop/core';
import fc from 'fast-check';
import { describe, expect } from 'vitest';
import { onEveryStore } from './every-store';
import { BOARD, thanksPolicy as policy, thanks } from './thanks-plugin';

const START = Date.parse('2026-04-06T08:00:00Z');
type Step =
  | { kind: 'sent'; from: number; to: number; team: 'a' | 'b'; fail: boolean }
  | { kind: 'relay' }
  | { kind: 'rank' }
  | { kind: 'replay'; pick: number };

const user = fc.integer({ min: 0, max: 4 });
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('sent' as const),
      from: user,
      to: user,
      team: fc.constantFrom('a' as const, 'b' as const),
      fail: fc.integer({ min: 0, max: 6 }).map((n) => n === 0),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'relay' as const }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'rank' as const }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('replay' as const), pick: fc.nat() }) },
);

function streamOf(steps: readonly Step[]): LoopEvent[] {
  const out: LoopEvent[] = [];
  steps.forEach((step, i) => {
    const at = new Date(START + i * 60_000).toISOString();
    const id = `s${i}`;
    if (step.kind === 'sent')
      out.push({
        id,
        type: 'thanks.sent',
        userId: `u${step.from}`,
        at,
        payload: { to: `u${step.to}`, team: step.team, fail: step.fail },
      });
    else if (step.kind === 'relay') out.push({ id, type: 'thanks.relay', entity: `relay:r${i}`, at });
    else if (step.kind === 'rank') out.push({ id, type: 'thanks.rank', entity: 'contest:c', at });
    else if (out.length > 0) out.push(out[step.pick % out.length] as LoopEvent);
  });
  return out;
}

type Open = () => Promise<Store>;

/** The final state: every document, the board's counters, the queue, and what each recorded event did. */
async function run(open: Open, stream: LoopEvent[], batchSize: number) {
  const store = await open();
  const engine = createEngine({
    plugins: [thanks()],
    policy,
    store,
    clock: createManualClock(START + 86_400_000),
    derived: { maxDepth: 4 },
  });
  const derived: unknown[] = [];
  const outcomes = await engine.dispatchBatch(stream, {
    batchSize,
    onDerived: (o) => void derived.push([o.eventId, o.type, o.status, o.error?.code ?? null]),
  });
  const docs: Array<{ key: string; value: unknown }> = [];
  for await (const doc of store.listDocuments('')) docs.push(doc);
  const board = await store.topCounters(BOARD, { limit: 10 });
  const queue = await store.listTimers();
  await engine.close();
  const byId = (a: unknown, b: unknown) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1);
  return {
    outcomes: outcomes.map((o) => [o.eventId, o.status, o.derived ?? []]),
    derived: derived.sort(byId),
    docs,
    board,
    queue,
  };
}

function property(open: Open, runs: number) {
  return async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 30 }), async (steps) => {
        const stream = streamOf(steps);
        const one = await run(open, stream, 1);
        const many = await run(open, stream, 500);
        expect(many).toEqual(one);
        expect(one.queue).toEqual([]);
        // The stream did derive: every committed thanks derives two events, a relay runs to the depth limit.
        if (steps.some((s) => s.kind === 'sent' && !s.fail)) expect(one.derived.length).toBeGreaterThan(1);
        if (steps.some((s) => s.kind === 'relay'))
          expect(JSON.stringify(one.derived)).toContain('DERIVED_DEPTH_EXCEEDED');
      }),
      { numRuns: runs },
    );
  };
}

describe('derived events: batches of 1 and of 500 leave the same state', () => {
  onEveryStore('on random streams with derivations', property, { memory: 60, sqlite: 20, postgres: 10 });
});
