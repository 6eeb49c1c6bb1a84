import { definePlugin, type FactCondition, type Plugin, type RuleDefinition, STAGES } from '@engageloop/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_FEEDBACK_EVENTS } from '../settings';
import { harness, testPolicy } from './harness';

type Failure =
  | { kind: 'none' }
  | { kind: 'hook'; hook: 'beforeRules' | 'afterRules' }
  | { kind: 'afterStage'; stage: (typeof STAGES)[number] }
  | { kind: 'effect'; stage: (typeof STAGES)[number] }
  | { kind: 'fact' };

/**
 * A plugin that fails where it is told to: in a hook, after a stage, in an effect or in a fact — while
 * `broken.on` is true (the fix is deployed by setting it to false).
 */
function saboteur(failure: Failure, broken = { on: true }): Plugin {
  const boom = () => {
    if (broken.on) throw new Error('injected failure');
  };
  return definePlugin({
    name: 'saboteur',
    version: '1.0.0',
    effects: { 'saboteur.explode': { params: { type: 'object' }, apply: boom } },
    facts: {
      'saboteur.flag': {
        value: () => {
          if (failure.kind === 'fact') boom();
          return true;
        },
      },
    },
    hooks: {
      beforeRules: () => (failure.kind === 'hook' && failure.hook === 'beforeRules' ? boom() : undefined),
      afterStage: (_ctx, stage) =>
        failure.kind === 'afterStage' && failure.stage === stage ? boom() : undefined,
      afterRules: () => (failure.kind === 'hook' && failure.hook === 'afterRules' ? boom() : undefined),
    },
  });
}

const flag: FactCondition = { fact: 'saboteur.flag', operator: 'equal', value: true };
function sabotagePolicy(failure: Failure) {
  const rules: RuleDefinition[] = [{ id: 'probe', stage: 'need', conditions: { all: [flag] }, effects: [] }];
  if (failure.kind === 'effect')
    rules.push({ id: 'explode', stage: failure.stage, effects: [{ type: 'saboteur.explode', params: {} }] });
  return testPolicy({ rules });
}

const failureArb: fc.Arbitrary<Failure> = fc.oneof(
  fc.constant({ kind: 'none' as const }),
  fc.constantFrom('beforeRules', 'afterRules').map((hook) => ({ kind: 'hook' as const, hook })),
  fc.constantFrom(...STAGES).map((stage) => ({ kind: 'afterStage' as const, stage })),
  fc.constantFrom(...STAGES).map((stage) => ({ kind: 'effect' as const, stage })),
  fc.constant({ kind: 'fact' as const }),
);
const textArb = fc.oneof(
  fc.string(),
  fc.constantFrom('这课程太差了', '讲得很好👍', 'terrible', 'great, thanks', '在哪里'),
);

describe('never silent (property)', () => {
  it('for any feedback event and any injected failure, exactly one reply is queued — replays add none', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...DEFAULT_FEEDBACK_EVENTS),
        textArb,
        fc.constantFrom('zh-CN', 'en', 'fr'),
        failureArb,
        async (type, text, locale, failure) => {
          const h = harness({ policy: sabotagePolicy(failure), others: [saboteur(failure)] });
          await h.dispatch('profile.updated', '2026-01-05T09:00:00Z', { locale });
          const out = await h.dispatch(type, '2026-01-05T10:00:00Z', { text }, 'u1', 'fb');
          expect(out.status).toBe(failure.kind === 'none' ? 'applied' : 'failed');
          await h.dispatch(type, '2026-01-05T10:00:00Z', { text }, 'u1', 'fb');
          const replies = (await h.replies()).filter((r) => r.eventId === 'fb');
          expect(replies).toHaveLength(1);
          expect(replies[0]?.body.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 30 },
    );
  }, 120_000);

  it('a fixed re-dispatch or a client retry answers each need once: an unsent fallback gives way to the real reply, a delivered one is followed once', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...DEFAULT_FEEDBACK_EVENTS),
        textArb,
        textArb,
        failureArb,
        fc.constantFrom('same-event' as const, 'same-need' as const, 'same-client-key' as const),
        fc.boolean(),
        async (type, first, second, failure, resend, deliveredBefore) => {
          const broken = { on: true };
          const h = harness({ policy: sabotagePolicy(failure), others: [saboteur(failure, broken)] });
          const delivered: Array<{ topic: string; origin: unknown }> = [];
          const deliver = async () => {
            h.clock.advance(60_000);
            await h.engine.drain((m) => {
              delivered.push({ topic: m.topic, origin: m.data.origin });
            });
          };
          const at = '2026-01-05T10:00:00Z';
          const payload = (text: string) =>
            resend === 'same-need'
              ? { text, needId: 'n1' }
              : resend === 'same-client-key'
                ? { text, clientKey: 'k1' }
                : { text };
          await h.dispatch(type, at, payload(first), 'u1', 'fb');
          if (deliveredBefore) await deliver();
          broken.on = false;
          // The same event is re-sent as it was (same envelope); a retry or another event of the same need is new.
          const [id, when, text] =
            resend === 'same-event' ? ['fb', at, first] : ['fb2', '2026-01-05T10:05:00Z', second];
          await h.dispatch(type, when, payload(text), 'u1', id);
          await h.dispatch(type, when, payload(text), 'u1', id);
          await deliver();
          const topics = delivered.map((d) => d.topic);
          expect(topics.length).toBeGreaterThanOrEqual(1);
          expect(new Set(topics).size).toBe(topics.length);
          if (failure.kind === 'none' || !deliveredBefore) {
            if (resend !== 'same-need' || failure.kind !== 'none') expect(topics).toHaveLength(1);
          } else {
            expect(delivered[0]).toMatchObject({ topic: 'acknowledge', origin: 'failure' });
            expect(topics.length).toBeLessThanOrEqual(2);
          }
        },
      ),
      { numRuns: 40 },
    );
  }, 120_000);
});
