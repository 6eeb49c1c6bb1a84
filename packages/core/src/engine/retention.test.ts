import { describe, expect, it } from 'vitest';
import type { LoopEvents } from '../event/loop-events';
import type { LoopEvent } from '../event/types';
import { recordKey } from '../store/keys';
import { createMemoryStore } from '../store/memory-store';
import type { RecordedOutcome, Store } from '../store/types';
import { createManualClock } from '../time/clock';
import { tally } from './__fixtures__/tally-plugin';
import { tallyPolicy } from './__fixtures__/tally-policy';
import { createEngine, type EngineOptions } from './create-engine';
import { DEFAULT_OUTCOME_RETENTION_MS } from './retention';

const T0 = Date.parse('2026-03-01T09:00:00Z');
const DAY = 24 * 3_600_000;
const review = (id: string, rating = 5): LoopEvent => ({
  id,
  type: 'review.submitted',
  userId: 'u1',
  at: new Date(T0).toISOString(),
  payload: { rating },
});

const engineOn = (store: Store, retention?: EngineOptions['retention']) =>
  createEngine({
    plugins: [tally()],
    policy: tallyPolicy,
    store,
    clock: createManualClock(T0),
    ...(retention === undefined ? {} : { retention }),
  });

const recorded = (store: Store, id: string): Promise<RecordedOutcome | undefined> =>
  store.transact(['user:u1'], (tx) => tx.recorded(recordKey('event', 'u1', id)));

describe('record retention (createEngine({ retention }), tick)', () => {
  it('compacts outcomes committed longer ago than 7 days at each tick; a replay is then a duplicate with nothing listed', async () => {
    const store = createMemoryStore();
    const engine = engineOn(store);
    expect((await engine.dispatch(review('e1'))).status).toBe('applied');
    const full = await recorded(store, 'e1');
    expect(full?.outcome).toMatchObject({ eventId: 'e1', status: 'applied' });

    expect((await engine.tick(T0 + DEFAULT_OUTCOME_RETENTION_MS)).compactedRecords).toBe(0);
    expect((await engine.tick(T0 + 7 * DAY + 1)).compactedRecords).toBe(1);
    expect(await recorded(store, 'e1')).toEqual({ ...full, outcome: null });
    expect((await engine.tick(T0 + 8 * DAY)).compactedRecords).toBe(0);

    // Exactly-once outlives the outcome: a replay changes nothing, a re-used id is still told apart.
    const user = await engine.getUser('u1');
    expect(await engine.dispatch(review('e1'))).toEqual({
      eventId: 'e1',
      userId: 'u1',
      type: 'review.submitted',
      source: 'event',
      status: 'duplicate',
      fired: [],
      effects: [],
      messages: [],
      timers: { scheduled: [], cancelled: [] },
      emitted: [],
      compacted: true,
    });
    expect(await engine.getUser('u1')).toEqual(user);
    await expect(engine.dispatch(review('e1', 4))).rejects.toMatchObject({ code: 'EVENT_ID_REUSED' });
  });

  it('never compacts with Infinity, and with 0 writes records compacted (nothing left for a tick)', async () => {
    const kept = createMemoryStore();
    const never = engineOn(kept, { outcomes: Number.POSITIVE_INFINITY });
    await never.dispatch(review('e1'));
    expect((await never.tick(T0 + 3_650 * DAY)).compactedRecords).toBe(0);
    expect((await recorded(kept, 'e1'))?.outcome).not.toBeNull();

    const trimmed = createMemoryStore();
    const always = engineOn(trimmed, { outcomes: 0 });
    const first = await always.dispatch(review('e1'));
    expect(first.status).toBe('applied');
    expect((await recorded(trimmed, 'e1'))?.outcome).toBeNull();
    expect((await always.dispatch(review('e1'))).status).toBe('duplicate');
    await expect(always.dispatch(review('e1', 4))).rejects.toMatchObject({ code: 'EVENT_ID_REUSED' });
    expect((await always.tick(T0 + 1)).compactedRecords).toBe(0);

    const oneMs = createMemoryStore();
    const soon = engineOn(oneMs, { outcomes: 1 });
    await soon.dispatch(review('e1'));
    expect((await soon.tick(T0)).compactedRecords).toBe(0);
    expect((await soon.tick(T0 + 2)).compactedRecords).toBe(1);
  });

  it('rejects a retention that is not a number of milliseconds (RETENTION_INVALID)', () => {
    for (const retention of [
      { outcomes: -1 },
      { outcomes: Number.NaN },
      { outcomes: '7d' },
      7,
      { days: 7 },
    ]) {
      expect(() => engineOn(createMemoryStore(), retention as EngineOptions['retention'])).toThrowError(
        expect.objectContaining({ code: 'RETENTION_INVALID' }),
      );
    }
  });

  it('survives a store that fails to compact: the tick reports 0 and emits the error', async () => {
    const inner = createMemoryStore();
    const store: Store = {
      ...inner,
      compactRecords: async () => {
        throw new Error('disk full');
      },
    };
    const engine = engineOn(store, { outcomes: 1 });
    const errors: Array<LoopEvents['error']> = [];
    engine.on('error', (e) => errors.push(e));
    await engine.dispatch(review('e1'));
    const report = await engine.tick(T0 + DAY);
    expect(report.compactedRecords).toBe(0);
    expect(errors.map((e) => e.error.code)).toEqual(['STORE_ERROR']);
    expect((await recorded(inner, 'e1'))?.outcome).not.toBeNull();
  });
});
