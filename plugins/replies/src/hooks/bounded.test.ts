import { createEngine, createManualClock, createMemoryStore, initialUserState } from '@engageloop/core';
import { describe, expect, it } from 'vitest';
import { replies } from '../plugin';
import { harness, testPolicy } from '../scenarios/harness';
import type { ActionRecord, RepliesState } from '../state';

const at = (minutes: number) => new Date(Date.parse('2026-01-05T10:00:00Z') + minutes * 60_000).toISOString();
const slice = async (h: ReturnType<typeof harness>, userId = 'u1') =>
  (await h.engine.getUser(userId))?.slices.replies as RepliesState;

describe('bounded replies state', () => {
  it('keeps the actions an undo can still reach: recording one drops those past the undo window', async () => {
    const h = harness();
    await h.dispatch('feedback.submitted', at(0), { text: 'a' }, 'u1', 'f0');
    await h.dispatch('feedback.submitted', at(10), { text: 'b' }, 'u1', 'f10');
    await h.dispatch('feedback.submitted', at(35), { text: 'c' }, 'u1', 'f35');
    // 30-minute window: f0 is out at 35 min, f10 still in.
    expect((await slice(h)).actions.map((a) => a.eventId)).toEqual(['f10', 'f35']);
    await h.dispatch('action.undone', at(38), { eventId: 'f10' });
    expect(h.named('undo:applied').map((u) => u.undoneEventId)).toEqual(['f10']);
    // A refused undo records nothing and trims nothing: the refusal stays answerable.
    await h.dispatch('action.undone', at(80), { eventId: 'f35' });
    expect(h.named('undo:refused').map((u) => u.undoneEventId)).toEqual(['f35']);
    expect((await slice(h)).actions.map((a) => a.eventId)).toEqual(['f10', 'f35']);
  });

  it('keeps an undone action with a client key, so a resubmission much later keeps its own subject', async () => {
    const h = harness();
    await h.dispatch('feedback.submitted', at(0), { text: 'a', clientKey: 'c1' }, 'u1', 'r1');
    await h.dispatch('action.undone', at(1), { eventId: 'r1' });
    for (let i = 1; i <= 5; i++) await h.dispatch('feedback.submitted', at(i * 60), { text: 'x' });
    await h.dispatch('feedback.submitted', at(600), { text: 'again', clientKey: 'c1' }, 'u1', 'r2');
    const actions = (await slice(h)).actions;
    expect(actions.map((a: ActionRecord) => [a.eventId, a.undone])).toEqual([
      ['r1', true],
      ['r2', false],
    ]);
    expect((await h.replies()).map((r) => r.dedupeKey)).toContain('reply:u1:client:c1#1:acknowledge');
  });

  it('keeps no reply keyed by the event itself once its dispatch is over; need subjects stay', async () => {
    const h = harness();
    await h.dispatch('feedback.submitted', at(0), { text: 'hello' }, 'u1', 'f1');
    expect((await slice(h)).sent).toEqual([]);
    // The same event again is a replay: no second acknowledgement.
    await h.dispatch('feedback.submitted', at(0), { text: 'hello' }, 'u1', 'f1');
    await h.dispatch('feedback.submitted', at(1), { text: 'one', needId: 'n1' }, 'u1', 'f2');
    await h.dispatch('feedback.submitted', at(2), { text: 'two', needId: 'n1' }, 'u1', 'f3');
    expect((await slice(h)).sent).toEqual(['n1:acknowledge']);
    expect((await h.replies()).map((r) => r.dedupeKey)).toEqual([
      'reply:u1:f1:acknowledge',
      'reply:u1:n1:acknowledge',
    ]);
  });

  it('loads a slice written before (a long action history, event-keyed replies) and trims it on the next action', async () => {
    const old: RepliesState = {
      drafts: [],
      actions: Array.from({ length: 100 }, (_, i) => ({
        eventId: `old${i}`,
        type: 'feedback.submitted',
        at: Date.parse(at(-1000 + i)),
        clientKey: null,
        replies: [`reply:u1:old${i}:acknowledge`],
        bestBefore: null,
        undone: false,
      })),
      clientKeys: [],
      best: [],
      sent: ['old98:acknowledge', 'old99:acknowledge'],
      current: null,
    };
    const store = createMemoryStore({
      documents: [['user:u1', { ...initialUserState('u1'), slices: { replies: old } }]],
    });
    const engine = createEngine({
      plugins: [replies()],
      policy: testPolicy(),
      store,
      clock: createManualClock(at(0)),
    });
    const undo = await engine.dispatch({
      id: 'u',
      type: 'action.undone',
      userId: 'u1',
      at: at(-1000 + 99 + 5),
      payload: { eventId: 'old99' },
    });
    expect(undo.status).toBe('applied');
    const outcome = await engine.dispatch({
      id: 'new',
      type: 'feedback.submitted',
      userId: 'u1',
      at: at(0),
      payload: { text: 'hi' },
    });
    expect(outcome.status).toBe('applied');
    const state = (await engine.getUser('u1'))?.slices.replies as RepliesState;
    // old99 was undone in the window; it has no client key, so it goes with the others.
    expect(state.actions.map((a) => a.eventId)).toEqual(['new']);
    expect(state.sent).toEqual(['old98:acknowledge']);
  });
});
