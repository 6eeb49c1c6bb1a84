import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LoopEvent } from '../event/types';
import { createMemoryStore } from '../store/memory-store';
import type { Store } from '../store/types';
import { createManualClock } from '../time/clock';
import { tally } from './__fixtures__/tally-plugin';
import { tallyPolicy } from './__fixtures__/tally-policy';
import { createEngine } from './create-engine';

const START = Date.parse('2026-03-01T00:00:00Z');

const eventArb = fc.record({
  user: fc.constantFrom('u1', 'u2', 'u3'),
  kind: fc.constantFrom('review', 'feedback', 'malformed'),
  rating: fc.integer({ min: 1, max: 5 }),
  minutes: fc.integer({ min: 0, max: 60 * 24 * 3 }),
});

type EventSpec = { user: string; kind: string; rating: number; minutes: number };

function toEvents(specs: EventSpec[]): unknown[] {
  return specs.map((s, i) => {
    const at = new Date(START + s.minutes * 60_000).toISOString();
    if (s.kind === 'malformed')
      return { id: `m${i}`, type: 'review.submitted', userId: s.user, at: 'not a date' };
    if (s.kind === 'feedback') {
      return {
        id: `e${i}`,
        type: 'feedback.submitted',
        userId: s.user,
        at,
        payload: { text: `text ${i}` },
      } as LoopEvent;
    }
    return {
      id: `e${i}`,
      type: 'review.submitted',
      userId: s.user,
      at,
      payload: { rating: s.rating },
    } as LoopEvent;
  });
}

async function run(events: unknown[], times: number, tickEvery: number) {
  const store = createMemoryStore();
  const clock = createManualClock(START);
  const engine = createEngine({ plugins: [tally()], policy: tallyPolicy, store, clock });
  for (let round = 0; round < times; round++) {
    for (const [i, event] of events.entries()) {
      await engine.dispatch(event).catch(() => undefined);
      if (round === 0 && tickEvery > 0 && i % tickEvery === tickEvery - 1) {
        clock.advance(30 * 60_000);
        await engine.tick();
      }
    }
  }
  return snapshot(store);
}

async function snapshot(store: Store) {
  const users: Record<string, unknown> = {};
  for await (const doc of store.listDocuments('user:')) users[doc.key] = doc.value;
  const messages = (await store.listMessages()).map((m) => `${m.userId}|${m.kind}|${m.topic}|${m.dedupeKey}`);
  const timers = (await store.listTimers()).map((t) => `${t.id}|${t.dueAt}`).sort();
  return { users, messages: messages.sort(), timers };
}

describe('replay', () => {
  it('dispatching any event sequence twice leaves the same state and outbox as once', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(eventArb, { minLength: 1, maxLength: 25 }), async (specs) => {
        const events = toEvents(specs);
        // Ticks (timers firing as time passes) interleave with the first pass; the replay pass re-sends everything.
        const once = await run(events, 1, 3);
        const twice = await run(events, 2, 3);
        expect(twice).toEqual(once);
      }),
      { numRuns: 60 },
    );
  }, 60_000);

  it('a malformed event changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(eventArb, { maxLength: 15 }), async (specs) => {
        const events = toEvents(specs);
        const valid = events.filter((e) => (e as LoopEvent).at !== 'not a date');
        expect(await run(events, 1, 0)).toEqual(await run(valid, 1, 0));
      }),
      { numRuns: 40 },
    );
  }, 60_000);
});
