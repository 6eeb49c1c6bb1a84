import { incentives } from '@engageloop/incentives';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sliceOf } from '../state';
import { harness, testPolicy } from './harness';

const START = Date.parse('2026-01-05T10:00:00Z');
const iso = (minute: number) => new Date(START + minute * 60_000).toISOString();

type Step =
  | { kind: 'feedback'; clientKey: string; text: string }
  | { kind: 'replay' }
  | { kind: 'adopted'; needId: string };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('feedback' as const),
    clientKey: fc.constantFrom('k1', 'k2', 'k3'),
    text: fc.constantFrom('terrible', 'great', 'hm', '这课程太差了'),
  }),
  fc.constant({ kind: 'replay' as const }),
  fc.record({ kind: fc.constant('adopted' as const), needId: fc.constantFrom('n1', 'n2') }),
);

describe('no double send (property)', () => {
  it('across retries (same client key) and replays (same event id): one reply per feedback and per (need, situation)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 12 }), async (steps) => {
        const h = harness();
        const sent: Array<{ id: string; type: string; at: string; payload: Record<string, unknown> }> = [];
        for (const [i, step] of steps.entries()) {
          if (step.kind === 'replay') {
            // A replay is the same event again: same id, same envelope (another one is EVENT_ID_REUSED).
            const last = sent[sent.length - 1];
            if (last) await h.dispatch(last.type, last.at, last.payload, 'u1', last.id);
            continue;
          }
          const type = step.kind === 'feedback' ? 'feedback.submitted' : 'suggestion.adopted';
          const payload =
            step.kind === 'feedback'
              ? { clientKey: step.clientKey, text: step.text }
              : { needId: step.needId, needTitle: 'Dark mode' };
          const id = `e${i}`;
          sent.push({ id, type, at: iso(i), payload });
          await h.dispatch(type, iso(i), payload, 'u1', id);
        }
        const replies = await h.replies();
        const feedbackKeys = new Set(steps.flatMap((s) => (s.kind === 'feedback' ? [s.clientKey] : [])));
        const needs = new Set(steps.flatMap((s) => (s.kind === 'adopted' ? [s.needId] : [])));
        expect(replies.filter((r) => r.topic !== 'adopted')).toHaveLength(feedbackKeys.size);
        expect(replies.filter((r) => r.topic === 'adopted')).toHaveLength(needs.size);
        expect(new Set(replies.map((r) => r.dedupeKey)).size).toBe(replies.length);
      }),
      { numRuns: 30 },
    );
  }, 120_000);
});

describe('undo (property)', () => {
  const policy = testPolicy({
    rules: [
      {
        id: 'review-points',
        stage: 'action',
        on: 'review.submitted',
        conditions: { all: [{ fact: 'replies.isRetry', operator: 'equal', value: false }] },
        effects: [{ type: 'incentives.award', params: { amount: 10 } }],
      },
    ],
  });

  it('undoing actions within the window leaves the state of a run in which they never happened', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ text: fc.constantFrom('great', 'bad', 'ok'), undo: fc.boolean() }), {
          minLength: 1,
          maxLength: 6,
        }),
        async (actions) => {
          const full = harness({ policy, others: [incentives()] });
          const kept = harness({ policy, others: [incentives()] });
          for (const [i, a] of actions.entries()) {
            const payload = { text: a.text, clientKey: `c${i}` };
            await full.dispatch('review.submitted', iso(i), payload, 'u1', `r${i}`);
            if (a.undo)
              await full.dispatch('action.undone', iso(i + 0.5), { eventId: `r${i}` }, 'u1', `x${i}`);
            else await kept.dispatch('review.submitted', iso(i), payload, 'u1', `r${i}`);
          }
          const points = async (h: typeof full) =>
            (
              (
                (await h.engine.getUser('u1'))?.slices.incentives as
                  | { entries: Array<{ amount: number }> }
                  | undefined
              )?.entries ?? []
            ).reduce((s, e) => s + e.amount, 0);
          expect(await points(full)).toBe(await points(kept));
          const pending = async (h: typeof full) =>
            (await h.replies())
              .filter((r) => r.status === 'pending')
              .map((r) => r.dedupeKey)
              .sort();
          expect(await pending(full)).toEqual(await pending(kept));
          const slice = async (h: typeof full) => sliceOf((await h.engine.getUser('u1'))?.slices.replies);
          const [a, b] = [await slice(full), await slice(kept)];
          expect(a.clientKeys).toEqual(b.clientKeys);
          expect(a.sent).toEqual(b.sent);
          expect(a.best).toEqual(b.best);
          expect(a.actions.filter((x) => !x.undone)).toEqual(b.actions);
        },
      ),
      { numRuns: 20 },
    );
  }, 120_000);
});
