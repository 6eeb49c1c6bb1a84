/**
 * Issue 19, item 2: event ids are scoped per user, and fired timers have a namespace of their own.
 * - Two users using one event id are both applied, and each gets their own outcome and message.
 * - The same user re-using an id with another envelope gets EVENT_ID_REUSED: nothing changes and nothing of
 *   the first event shows in the error; the same envelope again (even written differently) is a duplicate.
 * - An event whose id forges a timer's (`timerEventId(timer)`) cannot pre-empt that timer: the victim's
 *   care message is still queued when it fires, under ids no event reaches.
 */
import { readFileSync } from 'node:fs';
import {
  createEngine,
  createManualClock,
  type Engine,
  isEngageLoopError,
  type LoopEvent,
  type PolicyDocument,
  type Store,
  timerEventId,
} from '@engageloop/core';
import { lifecycle } from '@engageloop/lifecycle';
import { describe, expect, it } from 'vitest';
import { storesEngine } from '../stores/support/scenario';
import { eachStore, snapshot } from './support/stores';

const task = (id: string, userId: string, at: string, payload: Record<string, unknown> = {}): LoopEvent => ({
  id,
  type: 'task.done',
  userId,
  at,
  payload,
});

async function ledger(engine: Engine, userId: string): Promise<Array<{ eventId: string }>> {
  const slice = (await engine.getUser(userId))?.slices.incentives as
    | { entries: Array<{ eventId: string }> }
    | undefined;
  return slice?.entries ?? [];
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.unreachable('the dispatch was accepted'),
    (error: unknown) => error,
  );
}

const lifecyclePolicy = (): PolicyDocument =>
  JSON.parse(
    readFileSync(new URL('../../docs/examples/lifecycle-care.json', import.meta.url), 'utf8'),
  ) as PolicyDocument;

function caseSuite(open: () => Promise<Store>): void {
  it('applies one event id used by two users for each of them, with their own outcome and message', async () => {
    const store = await open();
    const engine = await storesEngine(store);
    const first = await engine.dispatch(task('dup-1', 'u3', '2026-01-02T10:00:00Z'));
    const second = await engine.dispatch(task('dup-1', 'u4', '2026-01-03T11:00:00Z', { note: 'mine' }));
    expect(first).toMatchObject({ status: 'applied', userId: 'u3', source: 'event' });
    expect(second).toMatchObject({ status: 'applied', userId: 'u4', source: 'event' });
    expect((await ledger(engine, 'u3')).map((e) => e.eventId)).toEqual(['dup-1']);
    expect((await ledger(engine, 'u4')).map((e) => e.eventId)).toEqual(['dup-1']);
    const messages = await store.listMessages();
    expect(messages.map((m) => m.userId).sort()).toEqual(['u3', 'u4']);
    expect(new Set(messages.map((m) => m.id)).size).toBe(2);
    for (const m of messages) {
      expect(m.id).not.toContain(m.userId);
      expect(m.dedupeKey).not.toContain(m.userId);
    }
    // Each replay answers with its own user's outcome.
    const replay = await engine.dispatch(task('dup-1', 'u4', '2026-01-03T11:00:00Z', { note: 'mine' }));
    expect(replay).toMatchObject({ status: 'duplicate', userId: 'u4' });
    expect(replay.messages.map((m) => m.userId)).toEqual(['u4']);
  });

  it('refuses an id the same user used for another envelope (EVENT_ID_REUSED), changing and revealing nothing', async () => {
    const store = await open();
    const engine = await storesEngine(store);
    await engine.dispatch(task('e-1', 'u1', '2026-01-02T10:00:00Z', { secret: 'first-secret', n: 1 }));
    const before = await snapshot(store);
    const errors: unknown[] = [];
    engine.on('error', (e) => errors.push(e));
    for (const other of [
      task('e-1', 'u1', '2026-01-02T10:00:00Z', { secret: 'other', n: 1 }),
      task('e-1', 'u1', '2026-01-02T10:00:01Z', { secret: 'first-secret', n: 1 }),
      task('e-1', 'u1', '2026-01-02T10:00:00Z', {}),
    ]) {
      const error = await rejection(engine.dispatch(other));
      expect(isEngageLoopError(error) && error.code).toBe('EVENT_ID_REUSED');
      const shown = JSON.stringify(isEngageLoopError(error) ? error.toJSON() : error);
      for (const recorded of ['first-secret', 'task-points', 'task-ack', 'Thanks for your task'])
        expect(shown).not.toContain(recorded);
    }
    expect(await snapshot(store)).toBe(before);
    expect(errors).toEqual([]);
    // The same envelope, written with another offset and key order, is the same event: a duplicate.
    const again = await engine.dispatch(
      task('e-1', 'u1', '2026-01-02T18:00:00+08:00', { n: 1, secret: 'first-secret' }),
    );
    expect(again.status).toBe('duplicate');
    expect(await snapshot(store)).toBe(before);
  });

  it('a user event forging a timer id does not pre-empt the victim timer, nor reach its message ids', async () => {
    const store = await open();
    const clock = createManualClock('2026-03-01T09:00:00Z');
    const engine = createEngine({ plugins: [lifecycle()], policy: lifecyclePolicy(), store, clock });
    const signUp = { type: 'user.signedUp', payload: { name: 'Vic' } };
    await engine.dispatch({ id: 's-victim', userId: 'victim', at: '2026-03-01T09:00:00Z', ...signUp });
    const timer = (await store.listTimers({ userId: 'victim' })).find((t) => t.id.includes('inactive-7d'));
    if (timer === undefined) throw new Error('the victim has no inactivity timer');
    // The id the timer's event gets (`timerEventId`: its generation included).
    const forged = timerEventId(timer);
    for (const userId of ['attacker', 'victim-2']) {
      const out = await engine.dispatch({
        id: forged,
        type: 'app.opened',
        userId,
        at: '2026-03-02T09:00:00Z',
        payload: {},
      });
      expect(out).toMatchObject({ status: 'applied', source: 'event', eventId: forged });
    }
    const report = await engine.tick(timer.dueAt + 3_600_000);
    expect(report.failures).toEqual([]);
    const fired = report.outcomes.find((o) => o.userId === 'victim' && o.eventId === forged);
    expect(fired).toMatchObject({ status: 'applied', source: 'timer' });
    const nudges = await store.listMessages({ userId: 'victim' });
    const nudge = nudges.find((m) => m.topic === 'inactive-7d');
    expect(nudge?.status).toBe('pending');
    const ids = (await store.listMessages()).map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(nudge?.id.startsWith('t.')).toBe(true);
  });
}

describe('hostile: event ids bound to their user', () => {
  eachStore(caseSuite);
});
