import { describe, expect, it } from 'vitest';
import type { LoopEvents } from '../event/loop-events';
import type { LoopEvent } from '../event/types';
import { definePlugin } from '../plugin/define-plugin';
import { createMemoryStore } from '../store/memory-store';
import { createManualClock } from '../time/clock';
import { tally } from './__fixtures__/tally-plugin';
import { tallyPolicy } from './__fixtures__/tally-policy';
import { createEngine } from './create-engine';
import { retryDelay } from './tick';

const T0 = Date.parse('2026-03-01T09:00:00Z');
const MINUTE = 60_000;
const review: LoopEvent = {
  id: 'e1',
  type: 'review.submitted',
  userId: 'u1',
  at: new Date(T0).toISOString(),
  payload: { rating: 2 },
};

/** Throws before the rules of every fired timer while `broken.on`. */
const breaker = (broken: { on: boolean }) =>
  definePlugin({
    name: 'breaker',
    version: '1.0.0',
    hooks: {
      beforeRules: (ctx) => {
        if (broken.on && ctx.event.source === 'timer') throw new Error('timer handler broke');
      },
    },
  });

describe('retryDelay', () => {
  it('doubles from baseMs and stops at maxMs', () => {
    expect([1, 2, 3, 7, 8, 60].map((n) => retryDelay(n))).toEqual([
      MINUTE,
      2 * MINUTE,
      4 * MINUTE,
      60 * MINUTE,
      60 * MINUTE,
      60 * MINUTE,
    ]);
    expect(retryDelay(3, { baseMs: 1_000, maxMs: 3_000 })).toBe(3_000);
  });
});

describe('tick with a failing timer', () => {
  it('gives it back with a growing backoff, reports it exhausted past maxAttempts, and fires it once fixed', async () => {
    const broken = { on: true };
    const store = createMemoryStore();
    const engine = createEngine({
      plugins: [tally(), breaker(broken)],
      policy: tallyPolicy,
      store,
      clock: createManualClock(T0),
    });
    const errors: Array<LoopEvents['error']> = [];
    engine.on('error', (e) => errors.push(e));
    await engine.dispatch(review);
    const [armed] = await store.listTimers();
    if (armed === undefined) throw new Error('no timer armed');
    const retry = { maxAttempts: 2 };
    let now = armed.dueAt;
    const seen: Array<[number, boolean, number]> = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      const report = await engine.tick(now, { retry });
      expect(report.fired).toBe(1);
      expect(report.outcomes).toMatchObject([{ status: 'failed', source: 'timer' }]);
      const [failure] = report.failures;
      if (failure === undefined) throw new Error('no failure reported');
      expect(failure).toMatchObject({ timerId: armed.id, dueAt: armed.dueAt, code: 'PLUGIN_ERROR' });
      seen.push([failure.attempts, failure.exhausted, failure.nextAttemptAt - now]);
      expect((await engine.tick(failure.nextAttemptAt - 1, { retry })).fired).toBe(0);
      now = failure.nextAttemptAt;
    }
    expect(seen).toEqual([
      [1, false, MINUTE],
      [2, true, 2 * MINUTE],
      [3, true, 4 * MINUTE],
    ]);
    expect(errors.map((e) => e.error.code)).toEqual(['PLUGIN_ERROR', 'PLUGIN_ERROR', 'PLUGIN_ERROR']);
    expect(await store.listTimers()).toEqual([{ ...armed, attempts: 3 }]);
    broken.on = false;
    const fixed = await engine.tick(now, { retry });
    expect(fixed).toMatchObject({
      fired: 1,
      failures: [],
      outcomes: [{ status: 'applied', source: 'timer' }],
    });
    expect(await store.listTimers()).toEqual([]);
  });
});
