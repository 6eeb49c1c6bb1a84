import { describe, expect, it } from 'vitest';
import type { LoopEvent } from '../event/types';
import { createMemoryStore } from '../store/memory-store';
import type { Store } from '../store/types';
import { createManualClock } from '../time/clock';
import { tally } from './__fixtures__/tally-plugin';
import { tallyPolicy } from './__fixtures__/tally-policy';
import { createEngine, type EngineOptions } from './create-engine';
import { DEFAULT_MESSAGE_RETENTION_MS } from './retention';

const T0 = Date.parse('2026-03-01T09:00:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const feedback = (id: string): LoopEvent => ({
  id,
  type: 'feedback.submitted',
  userId: 'u1',
  at: new Date(T0).toISOString(),
  payload: { text: 'The app is slow' },
});

const engineOn = (store: Store, retention?: EngineOptions['retention']) => {
  const clock = createManualClock(T0);
  const engine = createEngine({
    plugins: [tally()],
    policy: tallyPolicy,
    store,
    clock,
    ...(retention === undefined ? {} : { retention }),
  });
  return { engine, clock };
};

describe('outbox retention (createEngine({ retention: { messages } }), tick)', () => {
  it('empties the texts of messages sent longer ago than 7 days at each tick; their dedupe keys still hold', async () => {
    const store = createMemoryStore();
    const { engine, clock } = engineOn(store);
    const first = await engine.dispatch(feedback('e1'));
    expect(first.messages).toHaveLength(1);
    clock.set(T0 + HOUR);
    expect((await engine.drain(() => undefined)).sent).toBe(1);
    const [sent] = await store.listMessages();
    expect(sent).toMatchObject({ status: 'sent', sentAt: T0 + HOUR, body: 'Thanks!' });

    expect((await engine.tick(T0 + HOUR + DEFAULT_MESSAGE_RETENTION_MS)).compactedMessages).toBe(0);
    expect((await engine.tick(T0 + HOUR + 7 * DAY + 1)).compactedMessages).toBe(1);
    expect(await store.listMessages()).toEqual([
      { ...sent, body: '', subject: null, data: {}, lastError: null },
    ]);
    expect((await engine.tick(T0 + 9 * DAY)).compactedMessages).toBe(0);

    // The message's dedupe key outlives its texts: a commit that queues it again reports it as a duplicate.
    const key = (sent as { dedupeKey: string }).dedupeKey;
    await store.transact(['user:u1'], async (tx) => {
      expect(await tx.existingMessages([key])).toEqual(new Set([key]));
    });
  });

  it('never compacts with Infinity; with 0 a tick compacts every finished message and no pending one', async () => {
    const kept = createMemoryStore();
    const never = engineOn(kept, { messages: Number.POSITIVE_INFINITY });
    await never.engine.dispatch(feedback('e1'));
    await never.engine.drain(() => undefined);
    expect((await never.engine.tick(T0 + 3_650 * DAY)).compactedMessages).toBe(0);
    expect((await kept.listMessages())[0]?.body).toBe('Thanks!');

    const trimmed = createMemoryStore();
    const always = engineOn(trimmed, { messages: 0 });
    await always.engine.dispatch(feedback('e1'));
    expect((await always.engine.tick(T0)).compactedMessages).toBe(0);
    await always.engine.drain(() => undefined);
    expect((await always.engine.tick(T0)).compactedMessages).toBe(0);
    expect((await always.engine.tick(T0 + 1)).compactedMessages).toBe(1);
  });

  it('rejects a messages window that is not a number of milliseconds (RETENTION_INVALID)', () => {
    for (const retention of [{ messages: -1 }, { messages: Number.NaN }, { messages: '7d' }, { outbox: 1 }]) {
      expect(() => engineOn(createMemoryStore(), retention as EngineOptions['retention'])).toThrowError(
        expect.objectContaining({ code: 'RETENTION_INVALID' }),
      );
    }
  });
});
