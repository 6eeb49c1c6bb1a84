import {
  definePlugin,
  type FactCondition,
  type LoopEvents,
  type Plugin,
  type RuleDefinition,
} from '@engageloop/core';
import { incentives } from '@engageloop/incentives';
import { describe, expect, it } from 'vitest';
import type { RepliesState } from '../state';
import { harness, testPolicy } from './harness';

const T = '2026-01-05T10:00:00Z';
const notRetry: FactCondition = { fact: 'replies.isRetry', operator: 'equal', value: false };
const award = (id: string, on: string, extra: FactCondition[] = []): RuleDefinition => ({
  id,
  stage: 'action',
  on,
  conditions: { all: [notRetry, ...extra] },
  effects: [{ type: 'incentives.award', params: { amount: 10 } }],
});
const slice = async (h: ReturnType<typeof harness>) =>
  (await h.engine.getUser('u1'))?.slices.replies as RepliesState;
const balance = async (h: ReturnType<typeof harness>) =>
  (await h.engine.getUser('u1'))?.slices.incentives as { entries: Array<{ amount: number }> } | undefined;
const points = async (h: ReturnType<typeof harness>) =>
  ((await balance(h))?.entries ?? []).reduce((sum, e) => sum + e.amount, 0);

/** A plugin that throws in `afterRules` while `broken.on` is true. */
function breaker(broken: { on: boolean }): Plugin {
  return definePlugin({
    name: 'breaker',
    version: '1.0.0',
    hooks: {
      afterRules: () => {
        if (broken.on) throw new Error('boom');
      },
    },
  });
}

describe('never silent when something fails', () => {
  it('queues one safe acknowledgement on failure, and none more when the event is dispatched again', async () => {
    const broken = { on: true };
    const h = harness({ others: [breaker(broken)] });
    const errors: Array<LoopEvents['error']> = [];
    h.engine.on('error', (e) => errors.push(e));
    const failed = await h.dispatch('feedback.submitted', T, { text: '这课程太差了' }, 'u1', 'f1');
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatchObject({ code: 'PLUGIN_ERROR', plugin: 'breaker', hook: 'afterRules' });
    expect(errors).toHaveLength(1);
    let replies = await h.replies();
    expect(replies).toMatchObject([{ topic: 'acknowledge', body: '我们已收到你的消息，谢谢！' }]);
    broken.on = false;
    const again = await h.dispatch('feedback.submitted', T, { text: '第三课在哪' }, 'u1', 'f1');
    expect(again.status).toBe('applied');
    expect(again.messages).toMatchObject([{ topic: 'acknowledge', queued: false }]);
    replies = await h.replies();
    expect(replies).toHaveLength(1);
  });

  // The same event re-sent after the fix. (Core gives the fixed dispatch's first message the id the
  // failure fallback had, `f1#1`; these cases assert what the user receives, which holds either way.)
  it('a fixed re-dispatch that picks a real situation answers once: the unsent fallback is not delivered', async () => {
    const broken = { on: true };
    const h = harness({ others: [breaker(broken)] });
    await h.dispatch('feedback.submitted', T, { text: '这课程太差了' }, 'u1', 'f1');
    expect(await h.replies()).toMatchObject([{ topic: 'acknowledge', status: 'pending' }]);
    broken.on = false;
    const fixed = await h.dispatch('feedback.submitted', T, { text: '这课程太差了' }, 'u1', 'f1');
    expect(fixed.status).toBe('applied');
    expect(fixed.trace?.notes.some((n) => n.text.startsWith('failure fallback withdrawn'))).toBe(true);
    await h.dispatch('feedback.submitted', T, { text: '这课程太差了' }, 'u1', 'f1');
    const delivered: string[] = [];
    await h.engine.drain((m) => {
      delivered.push(m.topic);
    });
    expect(delivered).toEqual(['empathise-and-guide']);
  });

  it('a fallback already delivered stays; the real answer follows it once', async () => {
    const broken = { on: true };
    const h = harness({ others: [breaker(broken)] });
    const delivered: string[] = [];
    const deliver = (m: { topic: string }) => {
      delivered.push(m.topic);
    };
    await h.dispatch('feedback.submitted', T, { text: 'great, thanks' }, 'u1', 'f1');
    await h.engine.drain(deliver);
    broken.on = false;
    await h.dispatch('feedback.submitted', T, { text: 'great, thanks' }, 'u1', 'f1');
    await h.dispatch('feedback.submitted', T, { text: 'great, thanks' }, 'u1', 'f1');
    h.clock.advance(60_000);
    await h.engine.drain(deliver);
    expect(delivered).toEqual(['acknowledge', 'thank']);
  });

  it('withdraws the unsent fallback of a need when the next feedback on that need picks a situation', async () => {
    const broken = { on: true };
    const h = harness({ others: [breaker(broken)] });
    await h.dispatch('feedback.submitted', T, { text: 'terrible', needId: 'n1' }, 'u1', 'f1');
    broken.on = false;
    await h.dispatch('feedback.submitted', T, { text: 'terrible', needId: 'n1' }, 'u1', 'f2');
    expect((await h.replies()).map((r) => [r.topic, r.dedupeKey, r.status])).toEqual([
      ['acknowledge', 'reply:u1:n1:acknowledge', 'cancelled'],
      ['empathise-and-guide', 'reply:u1:n1:empathise-and-guide', 'pending'],
    ]);
  });

  it('never withdraws an acknowledgement a successful dispatch queued', async () => {
    const h = harness();
    await h.dispatch('need.captured', T, { text: 'hi', needId: 'n1' }, 'u1', 'c1');
    await h.dispatch('feedback.submitted', T, { text: 'great, thanks', needId: 'n1' }, 'u1', 'f1');
    expect((await h.replies()).map((r) => [r.topic, r.status])).toEqual([
      ['acknowledge', 'pending'],
      ['thank', 'pending'],
    ]);
  });

  it('a client retry under a new event id after a failure answers once: the unsent fallback gives way', async () => {
    const broken = { on: true };
    const h = harness({ others: [breaker(broken)] });
    await h.dispatch('feedback.submitted', T, { text: 'terrible', clientKey: 'k-1' }, 'u1', 'f1');
    broken.on = false;
    const retry = await h.dispatch(
      'feedback.submitted',
      T,
      { text: 'terrible', clientKey: 'k-1' },
      'u1',
      'f2',
    );
    expect(retry.status).toBe('applied');
    expect((await h.replies()).map((r) => [r.topic, r.dedupeKey, r.status])).toEqual([
      ['acknowledge', 'reply:u1:client:k-1:acknowledge', 'cancelled'],
      ['empathise-and-guide', 'reply:u1:client:k-1:empathise-and-guide', 'pending'],
    ]);
    const fallback = (await h.store.listMessages()).find((m) => m.data.origin === 'failure');
    expect(fallback?.data.clientKey).toBe('k-1');
  });

  it('a client retry no rule answers adds no second acknowledgement to the fallback', async () => {
    const broken = { on: true };
    const h = harness({ others: [breaker(broken)] });
    await h.dispatch('feedback.submitted', T, { text: 'where is lesson 3', clientKey: 'k-1' }, 'u1', 'f1');
    broken.on = false;
    await h.dispatch('feedback.submitted', T, { text: 'where is lesson 3', clientKey: 'k-1' }, 'u1', 'f2');
    const delivered: string[] = [];
    await h.engine.drain((m) => {
      delivered.push(`${m.topic}:${String(m.data.origin)}`);
    });
    expect(delivered).toEqual(['acknowledge:failure']);
  });

  it('does not answer non-feedback events on failure', async () => {
    const h = harness({ others: [breaker({ on: true })] });
    await h.dispatch('draft.saved', T, { draftId: 'd1' });
    expect(await h.replies()).toEqual([]);
  });
});

describe('delivery through the outbox', () => {
  it('retries a flaky channel with backoff and sends once; a dead channel dead-letters with the reason', async () => {
    const h = harness();
    await h.dispatch('feedback.submitted', T, { text: 'hello' });
    let calls = 0;
    const flaky = () => {
      calls += 1;
      if (calls <= 2) throw new Error('SMS gateway timeout');
    };
    expect(await h.engine.drain(flaky)).toMatchObject({ sent: 0, retried: 1 });
    h.clock.advance(1_000);
    expect(await h.engine.drain(flaky)).toMatchObject({ sent: 0, retried: 1 });
    h.clock.advance(2_000);
    expect(await h.engine.drain(flaky)).toMatchObject({ sent: 1 });
    h.clock.advance(60_000);
    expect(await h.engine.drain(flaky)).toMatchObject({ sent: 0 });
    expect(calls).toBe(3);

    await h.dispatch('feedback.submitted', '2026-01-05T12:00:00Z', { text: 'again' });
    for (let i = 0; i < 5; i++) {
      await h.engine.drain(() => Promise.reject(new Error('channel down')), { maxAttempts: 3 });
      h.clock.advance(3_600_000);
    }
    const dead = (await h.store.listMessages()).filter((m) => m.status === 'dead');
    expect(dead).toMatchObject([
      { topic: 'acknowledge', lastError: expect.stringContaining('channel down') },
    ]);
  });
});

describe('retry, undo, drafts, best of many', () => {
  const policy = testPolicy({
    rules: [
      award('review-points', 'review.submitted'),
      award('task-points', 'task.submitted', [{ fact: 'replies.isBest', operator: 'equal', value: true }]),
    ],
  });
  const withIncentives = () => harness({ policy, others: [incentives()] });

  it('recognises a retried submission by its client key: no second reward, no second reply', async () => {
    const h = withIncentives();
    await h.dispatch('review.submitted', T, { text: 'great', clientKey: 'c-1' });
    const retry = await h.dispatch('review.submitted', '2026-01-05T10:00:05Z', {
      text: 'great',
      clientKey: 'c-1',
    });
    expect(retry.fired).not.toContain('review-points');
    expect(retry.effects).toMatchObject([{ type: 'replies.send', report: { status: 'duplicate' } }]);
    expect(await points(h)).toBe(10);
    expect(await h.replies()).toHaveLength(1);
  });

  it('undoes within the window: points revoked, unsent reply cancelled, client key free again', async () => {
    const h = withIncentives();
    await h.dispatch('review.submitted', T, { text: 'great', clientKey: 'c-1' }, 'u1', 'r1');
    expect(await points(h)).toBe(10);
    const undo = await h.dispatch('action.undone', '2026-01-05T10:10:00Z', { eventId: 'r1' });
    expect(undo.status).toBe('applied');
    expect(await points(h)).toBe(0);
    expect((await h.replies()).map((r) => r.status)).toEqual(['cancelled']);
    expect(h.named('undo:applied')).toMatchObject([
      { undoneEventId: 'r1', compensated: ['incentives.revoke'] },
    ]);
    const resubmit = await h.dispatch('review.submitted', '2026-01-05T10:11:00Z', {
      text: 'great',
      clientKey: 'c-1',
    });
    expect(resubmit.fired).toContain('review-points');
    expect((await h.replies()).map((r) => [r.dedupeKey, r.status])).toEqual([
      ['reply:u1:client:c-1:thank', 'cancelled'],
      ['reply:u1:client:c-1#1:thank', 'pending'],
    ]);
    const twice = await h.dispatch('action.undone', '2026-01-05T10:12:00Z', { eventId: 'r1' });
    expect(twice.effects.filter((e) => e.type === 'incentives.revoke')).toEqual([]);
  });

  it('refuses an undo after the window with UNDO_WINDOW_EXPIRED, changing nothing', async () => {
    const h = withIncentives();
    await h.dispatch('review.submitted', T, { text: 'great' }, 'u1', 'r1');
    const before = (await h.engine.getUser('u1'))?.slices.replies as RepliesState;
    await h.dispatch('action.undone', '2026-01-05T10:31:00Z', { eventId: 'r1' });
    expect(await points(h)).toBe(10);
    expect(h.named('undo:refused')[0]?.error.code).toBe('UNDO_WINDOW_EXPIRED');
    const after = (await h.engine.getUser('u1'))?.slices.replies as RepliesState;
    expect(after.actions).toEqual(before.actions);
  });

  it('can fail the dispatch instead when the policy says so', async () => {
    const strict = testPolicy({ settings: { replies: { undo: { onExpired: 'fail', windowSeconds: 60 } } } });
    const h = harness({ policy: strict });
    const errors: Array<LoopEvents['error']> = [];
    h.engine.on('error', (e) => errors.push(e));
    await h.dispatch('feedback.submitted', T, { text: 'hi' }, 'u1', 'f1');
    const out = await h.dispatch('action.undone', '2026-01-05T10:02:00Z', { eventId: 'f1' });
    expect(out.status).toBe('failed');
    expect(out.error).toMatchObject({ code: 'UNDO_WINDOW_EXPIRED', plugin: 'replies' });
    expect(errors.map((e) => e.error.code)).toEqual(['UNDO_WINDOW_EXPIRED']);
  });

  it('undoes without the incentives plugin: compensation skipped and noted', async () => {
    const h = harness();
    await h.dispatch('feedback.submitted', T, { text: 'hi' }, 'u1', 'f1');
    const out = await h.dispatch('action.undone', '2026-01-05T10:01:00Z', { eventId: 'f1' });
    expect(out.trace?.notes.some((n) => n.text.startsWith('compensation skipped'))).toBe(true);
    expect(h.named('undo:applied')).toMatchObject([
      { compensated: [], cancelled: ['reply:u1:f1:acknowledge'] },
    ]);
  });

  it('keeps drafts in the store across engines and clears them on submit or discard', async () => {
    const h = harness();
    await h.dispatch('draft.saved', T, { draftId: 'd1', kind: 'review', content: { text: 'v1' } });
    await h.dispatch('draft.saved', '2026-01-05T10:05:00Z', {
      draftId: 'd1',
      kind: 'review',
      content: { text: 'v2' },
    });
    await h.dispatch('draft.saved', '2026-01-05T10:06:00Z', { draftId: 'd2', content: 'p' });
    const drafts = (await slice(h)).drafts;
    expect(drafts).toMatchObject([
      { id: 'd1', content: { text: 'v2' }, savedAt: Date.parse(T) },
      { id: 'd2' },
    ]);
    await h.dispatch('review.submitted', '2026-01-05T10:07:00Z', { text: 'v2', draftId: 'd1' });
    await h.dispatch('draft.discarded', '2026-01-05T10:08:00Z', { draftId: 'd2' });
    expect((await slice(h)).drafts).toEqual([]);
    expect(h.named('draft:discarded').map((d) => d.reason)).toEqual(['submitted', 'discarded']);
  });

  it('keeps the best version of a task and rewards only the best', async () => {
    const h = withIncentives();
    const submit = (score: number, at: string) => h.dispatch('task.submitted', at, { taskId: 't1', score });
    expect((await submit(60, T)).fired).toContain('task-points');
    expect((await submit(50, '2026-01-05T11:00:00Z')).fired).not.toContain('task-points');
    const better = await submit(80, '2026-01-05T12:00:00Z');
    expect(better.fired).toContain('task-points');
    expect(better.effects.map((e) => e.type)).toContain('incentives.revoke');
    expect(await points(h)).toBe(10);
    expect((await slice(h)).best).toMatchObject([{ taskId: 't1', score: 80 }]);
    expect(h.named('task:best-kept').map((e) => e.score)).toEqual([60, 80]);
  });
});
