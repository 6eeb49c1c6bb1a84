/**
 * The erasure workload: a user with an e-mail id and a name signs up, voices a need with a phone number in
 * it, supports another user's need (which staff adopt, so both supporters are notified and credited), pays
 * an order, gets care and reply messages (some delivered, some still pending) and timers (care, SLA,
 * inactivity), gives feedback the replies plugin answers, and earns points — on the needs, incentives,
 * lifecycle and replies plugins together.
 */
import { readFileSync } from 'node:fs';
import {
  createEngine,
  createManualClock,
  type Engine,
  type LoopEvent,
  loadPolicy,
  type PolicyDocument,
  type Store,
} from '@engageloop/core';
import { incentives } from '@engageloop/incentives';
import { lifecycle } from '@engageloop/lifecycle';
import { needs } from '@engageloop/needs';
import { replies } from '@engageloop/replies';

export const FORGOTTEN = 'alice.liddell@example.com';
export const NAME = 'Alice Liddell';
export const TEXT = 'phone 555-1234';
export const OTHER = 'bob@example.com';
export const KEY = 'the host secret for pseudonyms!!';

const example = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../../docs/examples/${name}.json`, import.meta.url), 'utf8'));

/** The lifecycle-care example, plus the feedback-loop example's needs settings and rules, plus points for voicing a need. */
function policyDocument(): PolicyDocument {
  const care = example('lifecycle-care');
  const feedback = example('feedback-loop');
  return {
    ...care,
    name: 'erasure',
    settings: {
      ...care.settings,
      needs: feedback.settings.needs,
      incentives: {
        wallets: { points: { description: { en: 'Points' } } },
        actions: { voiced: { events: ['need.captured'] } },
        // Entries kept in full (not folded past the default 7-day revoke window), so the erasure is checked on them.
        ledger: { revokeWindowDays: 3650 },
      },
    },
    rules: [
      ...care.rules,
      ...feedback.rules,
      {
        id: 'points-for-a-need',
        stage: 'motivation',
        on: 'need.captured',
        effects: [{ type: 'incentives.award', params: { amount: 20, reason: 'need voiced' } }],
      },
    ],
  } as PolicyDocument;
}

const START = Date.parse('2026-01-05T09:00:00Z');
const HOUR = 3_600_000;

const event = (id: string, userId: string, hours: number, type: string, payload = {}): LoopEvent => ({
  id,
  type,
  userId,
  at: new Date(START + hours * HOUR).toISOString(),
  payload,
});

/** The events, in order; the first batch is drained, then a tick, then the last batch stays pending. */
export const BEFORE_DRAIN: readonly LoopEvent[] = [
  event('p1', FORGOTTEN, 0, 'profile.updated', { name: NAME }),
  event('s1', FORGOTTEN, 0, 'user.signedUp'),
  event('s2', OTHER, 0, 'user.signedUp'),
  event('fb-alice', FORGOTTEN, 1, 'need.captured', {
    kind: 'suggestion',
    text: TEXT,
    tags: ['call-555-1234'],
  }),
  event('fb-bob', OTHER, 1, 'need.captured', { kind: 'suggestion', text: 'dark mode please' }),
  event('fb-alice-2', FORGOTTEN, 2, 'need.captured', {
    kind: 'suggestion',
    text: `me too, ${TEXT}`,
    sameAs: 'fb-bob',
  }),
  event('o1', FORGOTTEN, 2, 'order.paid', { orderId: 'o1', amount: 120 }),
  event('fb-text', FORGOTTEN, 2, 'feedback.submitted', { text: `the app crashed, ${TEXT}`, sentiment: -0.8 }),
  event('st1', 'staff-1', 3, 'need.status', { needId: 'fb-bob', to: 'acknowledged' }),
  event('st2', 'staff-1', 4, 'need.status', { needId: 'fb-bob', to: 'adopted', reason: 'planned for v2' }),
];
export const DRAIN_AT = START + 5 * HOUR;
export const TICK_AT = START + 8 * 24 * HOUR;
export const AFTER_TICK: readonly LoopEvent[] = [
  event('o2', FORGOTTEN, 8 * 24 + 1, 'order.paid', { orderId: 'o2', amount: 80 }),
];

/** An engine with the needs, incentives, lifecycle and replies plugins on `store`, pseudonyms keyed by `KEY`. */
export async function erasureEngine(
  store: Store,
): Promise<Engine & { clock: ReturnType<typeof createManualClock> }> {
  const plugins = [needs(), incentives(), lifecycle(), replies()];
  const policy = await loadPolicy(policyDocument(), { plugins });
  const clock = createManualClock(START);
  const engine = createEngine({ plugins, policy, store, clock, privacy: { pseudonymKey: KEY } });
  return Object.assign(engine, { clock });
}

/** Runs the workload: dispatches (each at its own time), drains, ticks, dispatches again (left pending). */
export async function runWorkload(
  engine: Engine & { clock: ReturnType<typeof createManualClock> },
): Promise<void> {
  const dispatch = async (e: LoopEvent) => {
    engine.clock.set(e.at);
    const outcome = await engine.dispatch(e);
    if (outcome.status !== 'applied')
      throw new Error(`${e.id}: ${JSON.stringify(outcome.error ?? outcome.status)}`);
  };
  for (const e of BEFORE_DRAIN) await dispatch(e);
  engine.clock.set(DRAIN_AT);
  await engine.drain(async () => undefined);
  await engine.tick(TICK_AT);
  for (const e of AFTER_TICK) await dispatch(e);
}
