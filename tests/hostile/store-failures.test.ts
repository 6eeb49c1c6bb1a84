/**
 * Issue 19, item 4: every store failure is typed and visible.
 * - A custom store whose commit throws a plain `Error`: the host gets STORE_ERROR (with the `Error` as
 *   `cause`), the engine emits `error`, and nothing is written.
 * - A plugin throws, and the commit of the fallback answer fails too: both are reported (an `error` event
 *   each; the thrown STORE_ERROR carries the plugin error).
 * - A feedback event whose dispatch failed while the store was down gets its answer when the host retries it
 *   after the store recovers: nothing of the failed attempts was written or recorded.
 */
import {
  createEngine,
  createManualClock,
  definePlugin,
  type EngageLoopError,
  type Engine,
  isEngageLoopError,
  type LoopEvents,
  type PolicyDocument,
  type Store,
} from '@engageloop/core';
import { replies } from '@engageloop/replies';
import { describe, expect, it } from 'vitest';
import { type CommitFaults, eachStore, snapshot, withFailingCommits } from './support/stores';

const AT = '2026-07-01T02:00:00Z';
const feedback = {
  id: 'fb-1',
  type: 'feedback.submitted',
  userId: 'u1',
  at: AT,
  payload: { text: 'The lesson video does not load' },
};
const policy = {
  version: 1,
  name: 'hostile-store-failures',
  defaults: { timezone: 'UTC', locale: 'en' },
  rules: [],
} as unknown as PolicyDocument;

/** Throws in `afterRules` while `broken.on`. */
const breaker = (broken: { on: boolean }) =>
  definePlugin({
    name: 'breaker',
    version: '1.0.0',
    hooks: {
      afterRules: () => {
        if (broken.on) throw new Error('plugin broke');
      },
    },
  });

async function setUp(open: () => Promise<Store>, faults: CommitFaults, broken = { on: false }) {
  const inner = await open();
  const store = withFailingCommits(inner, faults);
  const engine: Engine = createEngine({
    plugins: [breaker(broken), replies()],
    policy,
    store,
    clock: createManualClock(AT),
  });
  const errors: Array<LoopEvents['error']> = [];
  engine.on('error', (e) => errors.push(e));
  return { inner, store, engine, errors };
}

async function rejection(promise: Promise<unknown>): Promise<EngageLoopError> {
  const error = await promise.then(
    () => expect.unreachable('the dispatch was accepted'),
    (thrown: unknown) => thrown,
  );
  if (!isEngageLoopError(error)) throw new Error(`untyped rejection: ${String(error)}`);
  return error;
}

function caseSuite(open: () => Promise<Store>): void {
  it('re-codes a plain Error thrown by a custom store commit as STORE_ERROR and emits error', async () => {
    const disk = new Error('disk full');
    const { inner, engine, errors } = await setUp(open, { remaining: 1, error: () => disk });
    const before = await snapshot(inner);
    const error = await rejection(engine.dispatch(feedback));
    expect(error.code).toBe('STORE_ERROR');
    expect(error.cause).toBe(disk);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ error: { code: 'STORE_ERROR' }, eventId: 'fb-1', userId: 'u1' });
    expect(await snapshot(inner)).toBe(before);
  });

  it('reports both the plugin failure and the failed fallback commit', async () => {
    const { inner, engine, errors } = await setUp(open, { remaining: 1 }, { on: true });
    const error = await rejection(engine.dispatch(feedback));
    expect(error.code).toBe('STORE_ERROR');
    expect(error.errors.map((e) => [e.code, e.plugin])).toEqual([['PLUGIN_ERROR', 'breaker']]);
    expect(errors.map((e) => e.error.code)).toEqual(['PLUGIN_ERROR', 'STORE_ERROR']);
    expect(await inner.listMessages()).toEqual([]);
  });

  it('answers a feedback event retried after the store recovers, once', async () => {
    const faults: CommitFaults = { remaining: 3 };
    const { inner, engine, errors } = await setUp(open, faults);
    const before = await snapshot(inner);
    for (let attempt = 0; attempt < 3; attempt++) {
      expect((await rejection(engine.dispatch(feedback))).code).toBe('STORE_ERROR');
      expect(await snapshot(inner)).toBe(before);
    }
    expect(errors).toHaveLength(3);
    const answered = await engine.dispatch(feedback);
    expect(answered.status).toBe('applied');
    expect(answered.messages).toMatchObject([{ topic: 'acknowledge', queued: true, userId: 'u1' }]);
    const again = await engine.dispatch(feedback);
    expect(again.status).toBe('duplicate');
    const sent = await inner.listMessages({ userId: 'u1' });
    expect(sent.map((m) => m.topic)).toEqual(['acknowledge']);
  });

  it('answers with the fallback when the plugin still fails after the store recovers', async () => {
    const broken = { on: true };
    const { inner, engine } = await setUp(open, { remaining: 2 }, broken);
    for (let attempt = 0; attempt < 2; attempt++)
      expect((await rejection(engine.dispatch(feedback))).code).toBe('STORE_ERROR');
    expect(await inner.listMessages()).toEqual([]);
    const fallback = await engine.dispatch(feedback);
    expect(fallback.status).toBe('failed');
    expect(fallback.messages).toMatchObject([{ topic: 'acknowledge', queued: true }]);
    broken.on = false;
    const real = await engine.dispatch(feedback);
    expect(real.status).toBe('applied');
    const sent = await inner.listMessages({ userId: 'u1' });
    expect(sent.map((m) => m.topic)).toEqual(['acknowledge']);
  });
}

describe('hostile: store failures are typed and visible', () => {
  eachStore(caseSuite);
});
