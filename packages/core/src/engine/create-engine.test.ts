import { describe, expect, it } from 'vitest';
import { isEngageLoopError } from '../errors/error';
import type { LoopEvent } from '../event/types';
import { createMemoryStore } from '../store/memory-store';
import { createManualClock } from '../time/clock';
import { type TallyState, tally } from './__fixtures__/tally-plugin';
import { tallyPolicy } from './__fixtures__/tally-policy';
import { createEngine } from './create-engine';
import { explainOutcome } from './explain';
import { assignArm } from './variant';

const T0 = '2026-03-01T09:00:00Z';
const review = (id: string, userId: string, rating: number, at = T0): LoopEvent => ({
  id,
  type: 'review.submitted',
  userId,
  at,
  payload: { rating },
});

function setup(options: { failOn?: string } = {}) {
  const clock = createManualClock(T0);
  const store = createMemoryStore();
  const engine = createEngine({ plugins: [tally(options)], policy: tallyPolicy, store, clock });
  return { engine, store, clock };
}

// A user in arm A, so the variant bonus rule never fires for them.
const candidates = Array.from({ length: 50 }, (_, i) => `user-${i}`);
const userA = candidates.find((u) => assignArm(u, 'copy', { A: 50, B: 50 }) === 'A') as string;
const userB = candidates.find((u) => assignArm(u, 'copy', { A: 50, B: 50 }) === 'B') as string;

describe('createEngine dispatch', () => {
  it('evaluates stage by stage: a later stage sees effects and signals of an earlier one', async () => {
    const { engine } = setup();
    const first = await engine.dispatch(review('e1', userA, 5));
    expect(first.status).toBe('applied');
    expect(first.fired).toEqual(['review-points', 'remind-later']);
    const second = await engine.dispatch(review('e2', userA, 5));
    expect(second.fired).toEqual(['review-points', 'level-up-thanks', 'remind-later']);
    expect(second.emitted).toEqual(['tally:level-up']);
    expect(second.messages).toMatchObject([{ kind: 'notice', topic: 'level-up', queued: true }]);
    const user = await engine.getUser(userA);
    expect(user?.slices.tally).toEqual({ points: 120, level: 1 });
    expect(user?.counts['review.submitted']).toBe(2);
  });

  it('replays are no-ops that return the recorded outcome', async () => {
    const { engine, store } = setup();
    const first = await engine.dispatch(review('e1', userA, 5));
    const before = await engine.getUser(userA);
    const messagesBefore = await store.listMessages();
    const timersBefore = await store.listTimers();
    const again = await engine.dispatch(review('e1', userA, 5));
    expect(again.status).toBe('duplicate');
    expect(again.fired).toEqual(first.fired);
    expect(await engine.getUser(userA)).toEqual(before);
    expect(await store.listMessages()).toEqual(messagesBefore);
    expect(await store.listTimers()).toEqual(timersBefore);
    expect(timersBefore).toHaveLength(1);
  });

  it('rejects a malformed event with EVENT_INVALID and changes nothing', async () => {
    const { engine, store } = setup();
    for (const bad of [
      { id: '', type: 'review.submitted', userId: 'u1', at: T0 },
      { id: 'x', type: 'review.submitted', userId: 'u1', at: 'yesterday' },
      { id: 'x', type: 'review.submitted', userId: 'u1', at: T0, payload: [] },
      null,
    ]) {
      const error = await engine.dispatch(bad).catch((e: unknown) => e);
      expect(isEngageLoopError(error) && error.code).toBe('EVENT_INVALID');
    }
    const payloadError = await engine
      .dispatch({ id: 'f', type: 'feedback.submitted', userId: 'u1', at: T0, payload: { text: 3 } })
      .catch((e: unknown) => e);
    expect(isEngageLoopError(payloadError) && payloadError.code).toBe('EVENT_PAYLOAD_INVALID');
    expect(await engine.getUser('u1')).toBeUndefined();
    expect(await store.listMessages()).toEqual([]);
  });

  it('a throwing plugin rolls the dispatch back, reports PLUGIN_ERROR and still answers through onFailure', async () => {
    const { engine, store } = setup({ failOn: 'feedback.submitted' });
    const errors: unknown[] = [];
    engine.on('error', (e) => errors.push(e.error));
    const outcome = await engine.dispatch({
      id: 'f1',
      type: 'feedback.submitted',
      userId: 'u9',
      at: T0,
      payload: { text: 'this course is terrible' },
    });
    expect(outcome.status).toBe('failed');
    expect(outcome.error).toMatchObject({ code: 'PLUGIN_ERROR', plugin: 'tally', hook: 'effect:tally.add' });
    expect(await engine.getUser('u9')).toBeUndefined();
    const messages = await store.listMessages({ userId: 'u9' });
    expect(messages.map((m) => m.topic)).toEqual(['fallback']);
    expect(errors).toHaveLength(1);
    // Retrying the failed event does not answer twice.
    await engine.dispatch({
      id: 'f1',
      type: 'feedback.submitted',
      userId: 'u9',
      at: T0,
      payload: { text: 'x' },
    });
    expect(await store.listMessages({ userId: 'u9' })).toHaveLength(1);
  });

  it('a fixed re-dispatch after a failure queues its messages under ids the fallback does not hold', async () => {
    const { engine, store, clock } = setup({ failOn: 'feedback.submitted' });
    const feedback = { id: 'f1', type: 'feedback.submitted', userId: 'u9', at: T0, payload: { text: 'x' } };
    expect((await engine.dispatch(feedback)).status).toBe('failed');
    const fixed = createEngine({ plugins: [tally()], policy: tallyPolicy, store, clock });
    expect((await fixed.dispatch(feedback)).status).toBe('applied');
    const messages = await store.listMessages({ userId: 'u9' });
    expect(messages.map((m) => m.topic).sort()).toEqual(['acknowledge', 'fallback']);
    expect(new Set(messages.map((m) => m.id)).size).toBe(2);
  });

  it('fires persistent timers through the same pipeline on tick(now), once', async () => {
    const { engine, store, clock } = setup();
    await engine.dispatch(review('e1', userA, 2));
    expect((await engine.tick()).fired).toBe(0);
    clock.advance(3_600_000);
    const report = await engine.tick();
    expect(report.fired).toBe(1);
    expect(report.outcomes[0]).toMatchObject({ type: 'tally.reminder', fired: ['reminder-message'] });
    expect((await engine.tick()).fired).toBe(0);
    expect(await store.listTimers()).toEqual([]);
    expect((await store.listMessages({ userId: userA })).map((m) => m.topic)).toEqual(['reminder']);
  });

  it('applies A/B rules only to users in their arm, and skips disabled rules', async () => {
    const { engine } = setup();
    const a = await engine.dispatch(review('a', userA, 5), { trace: true });
    const b = await engine.dispatch(review('b', userB, 5), { trace: true });
    expect(a.fired).not.toContain('arm-b-bonus');
    expect(b.fired).toContain('arm-b-bonus');
    const motivation = a.trace?.stages.find((s) => s.stage === 'motivation');
    expect(motivation?.rules).toMatchObject([{ ruleId: 'arm-b-bonus', skipped: 'variant' }]);
    const action = a.trace?.stages.find((s) => s.stage === 'action');
    expect(action?.rules.find((r) => r.ruleId === 'disabled-rule')?.skipped).toBe('disabled');
    const stateB = await engine.getUser(userB);
    expect((stateB?.slices.tally as TallyState | undefined)?.points).toBe(61);
  });

  it('traces every condition with the fact value, operator and expected value, and explains it', async () => {
    const { engine } = setup();
    const outcome = await engine.dispatch(review('e1', userA, 3), { trace: true });
    const rule = outcome.trace?.stages
      .find((s) => s.stage === 'action')
      ?.rules.find((r) => r.ruleId === 'review-points');
    expect(rule).toMatchObject({
      fired: false,
      condition: {
        kind: 'all',
        result: false,
        children: [
          {
            kind: 'fact',
            fact: 'event',
            path: '$.payload.rating',
            operator: 'greaterThanInclusive',
            value: 4,
            factValue: 3,
            result: false,
          },
        ],
      },
    });
    const text = explainOutcome(outcome);
    expect(text).toContain('review-points');
    expect(text).toContain('greaterThanInclusive 4');
    expect(explainOutcome(outcome, { locale: 'zh-CN' })).toContain('未触发');
  });

  it('emits typed events after the commit, and a throwing listener changes nothing', async () => {
    const { engine } = setup();
    const seen: string[] = [];
    engine.on('rule:fired', (e) => seen.push(`rule:${e.ruleId}`));
    engine.on('effect:applied', (e) => seen.push(`effect:${e.type}`));
    engine.on('tally:level-up', () => {
      throw new Error('observer bug');
    });
    await engine.dispatch(review('e1', userA, 5));
    await engine.dispatch(review('e2', userA, 5));
    expect(seen).toContain('rule:review-points');
    expect(seen).toContain('effect:tally.add');
    const stateA = await engine.getUser(userA);
    expect((stateA?.slices.tally as TallyState | undefined)?.level).toBe(1);
  });

  it('replaces the policy all-or-nothing', async () => {
    const { engine } = setup();
    const broken = {
      ...tallyPolicy,
      rules: [{ ...tallyPolicy.rules[0]!, effects: [{ type: 'tally.ad', params: {} }] }],
    };
    const error = (() => {
      try {
        engine.replacePolicy(broken);
      } catch (e) {
        return e;
      }
    })();
    expect(isEngageLoopError(error) && error.code).toBe('POLICY_INVALID');
    expect(engine.policy.rules.length).toBe(tallyPolicy.rules.length);
    engine.replacePolicy({ version: 1, rules: [] });
    expect((await engine.dispatch(review('e1', userA, 5))).fired).toEqual([]);
  });

  it('closes: later calls fail with ENGINE_CLOSED', async () => {
    const { engine } = setup();
    await engine.close();
    const error = await engine.dispatch(review('e1', userA, 5)).catch((e: unknown) => e);
    expect(isEngageLoopError(error) && error.code).toBe('ENGINE_CLOSED');
  });
});
