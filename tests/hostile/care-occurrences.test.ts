/**
 * Issue 19, item 3: per-occurrence care timers. With the shipped e-commerce care policy, a user who pays two
 * orders an hour apart gets two post-purchase follow-ups (one per order), not one (the second order used to
 * re-arm the first order's timer). `lifecycle.cancel` still withdraws per-occurrence and per-trigger care.
 */
import { readFileSync } from 'node:fs';
import {
  createEngine,
  createManualClock,
  type PolicyDocument,
  type RuleDefinition,
  type Store,
} from '@engageloop/core';
import { lifecycle } from '@engageloop/lifecycle';
import { describe, expect, it } from 'vitest';
import { carePolicy, followUpCare } from './support/policies';
import { eachStore } from './support/stores';

const T1 = Date.parse('2026-06-01T02:00:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const shipped = (): PolicyDocument =>
  JSON.parse(
    readFileSync(new URL('../../docs/examples/lifecycle-care.json', import.meta.url), 'utf8'),
  ) as PolicyDocument;

/** Per-order follow-up and a per-trigger reminder, both withdrawn when the user cancels their account. */
const cancelPolicy = carePolicy(
  'hostile-care-cancel',
  [
    {
      id: 'follow-up',
      stage: 'value',
      on: 'order.paid',
      effects: [
        followUpCare({ days: 1 }),
        { type: 'lifecycle.care', params: { trigger: 'reminder', delay: { days: 2 }, body: 'Back soon?' } },
      ],
    },
    {
      id: 'stop',
      stage: 'need',
      on: 'account.closed',
      effects: [{ type: 'lifecycle.cancel', params: { triggers: ['follow-up', 'reminder'] } }],
    },
  ] as RuleDefinition[],
  ['account.closed'],
);

const order = (id: string, orderId: string, at: number) => ({
  id,
  type: 'order.paid',
  userId: 'buyer',
  at: new Date(at).toISOString(),
  payload: { orderId, amount: 120 },
});

function caseSuite(open: () => Promise<Store>): void {
  it('two orders, two post-purchase follow-ups (shipped example policy)', async () => {
    const store = await open();
    const engine = createEngine({
      plugins: [lifecycle()],
      policy: shipped(),
      store,
      clock: createManualClock(T1),
    });
    await engine.dispatch(order('pay-1', 'A-1', T1));
    await engine.dispatch(order('pay-2', 'B-2', T1 + HOUR));
    const report = await engine.tick(T1 + 3 * DAY + 2 * HOUR);
    expect(report.failures).toEqual([]);
    const followUps = (await store.listMessages({ userId: 'buyer' })).filter(
      (m) => m.topic === 'post-purchase',
    );
    expect(followUps).toHaveLength(2);
    expect(followUps.filter((m) => m.body.includes('A-1'))).toHaveLength(1);
    expect(followUps.filter((m) => m.body.includes('B-2'))).toHaveLength(1);
  });

  it('lifecycle.cancel withdraws every pending occurrence and the per-trigger care', async () => {
    const store = await open();
    const engine = createEngine({
      plugins: [lifecycle()],
      policy: cancelPolicy,
      store,
      clock: createManualClock(T1),
    });
    await engine.dispatch(order('pay-1', 'A-1', T1));
    await engine.dispatch(order('pay-2', 'B-2', T1 + HOUR));
    const armed = (await store.listTimers({ userId: 'buyer' }))
      .map((t) => t.id)
      .filter((id) => id.includes(':care:'));
    // Two per-order timers, and one per-trigger reminder (re-armed by the second order).
    expect(armed).toHaveLength(3);
    const closed = await engine.dispatch({
      id: 'close',
      type: 'account.closed',
      userId: 'buyer',
      at: new Date(T1 + 2 * HOUR).toISOString(),
      payload: {},
    });
    expect(closed.timers.cancelled.sort()).toEqual([...armed].sort());
    await engine.tick(T1 + 5 * DAY);
    const care = (await store.listMessages({ userId: 'buyer' })).filter((m) => m.kind === 'care');
    expect(care).toEqual([]);
  });
}

describe('hostile: care timers per occurrence', () => {
  eachStore(caseSuite);
});
