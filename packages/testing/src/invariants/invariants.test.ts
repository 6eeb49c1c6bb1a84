import { readFileSync } from 'node:fs';
import { loadPolicy, type PolicyDocument } from '@engageloop/core';
import { incentives } from '@engageloop/incentives';
import { lifecycle } from '@engageloop/lifecycle';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Journey } from '../arbitraries/journey-types';
import { createRunHarness } from '../run/harness';
import { runJourney } from '../run/run-journey';
import type { PolicyRun } from '../run/types';
import { ALL_INVARIANTS } from './all';
import { noDoubleAward } from './awards';
import { balanceMatchesLedger, noNegativeBalance } from './balance';
import { capsHold } from './caps';
import { careCapsHold, noCareInQuietHours, oneLifecycleStage } from './lifecycle';
import { replayDeterminism, undoRestores } from './replay';

const example = (name: string) =>
  JSON.parse(
    readFileSync(new URL(`../../../../docs/examples/${name}.json`, import.meta.url), 'utf8'),
  ) as PolicyDocument;

const join = (id: string, at: string, timezone = 'Asia/Shanghai') => ({
  kind: 'event' as const,
  note: 'join' as const,
  event: {
    id: `join-${id}`,
    type: 'profile.updated',
    userId: id,
    at,
    payload: { timezone, locale: 'zh-CN', channel: 'app' },
  },
});
const ev = (id: string, type: string, at: string, payload: Record<string, unknown> = {}) => ({
  kind: 'event' as const,
  event: { id, type, userId: 'u1', at, payload },
});
const users = [
  {
    id: 'u1',
    name: 'A',
    timezone: 'Asia/Shanghai',
    locale: 'zh-CN' as const,
    joinedAt: '2026-03-02T00:00:00Z',
    channel: 'app',
    optOut: [],
  },
];
/** A copy of a run's data (policy and registry are shared), to tamper with. */
const clone = (r: PolicyRun): PolicyRun => {
  const { policy, registry, ...data } = r;
  return { policy, registry, ...structuredClone(data) };
};

describe('invariants over an e-commerce run', () => {
  let run: PolicyRun;
  beforeAll(async () => {
    const plugins = [incentives()];
    const harness = createRunHarness(loadPolicy(example('ecommerce-reviews'), { plugins }), plugins);
    const journey: Journey = {
      start: '2026-03-02T00:00:00Z',
      users,
      steps: [
        join('u1', '2026-03-02T00:00:00Z'),
        ev('e1', 'review.submitted', '2026-03-02T02:00:00Z', { media: 'photo' }),
        { ...ev('e1', 'review.submitted', '2026-03-02T02:00:00Z', { media: 'photo' }), note: 'retry' },
        ev('e2', 'review.submitted', '2026-03-02T03:00:00Z', { media: 'video' }),
        ev('e3', 'review.removed', '2026-03-02T04:00:00Z', { reviewEventId: 'e1' }),
        { kind: 'tick', at: '2026-03-20T00:00:00Z' },
      ],
    };
    run = await runJourney(harness, journey);
  });

  it('records awards and holds every applicable invariant', () => {
    expect(run.signals.filter((s) => s.name === 'reward:granted').length).toBeGreaterThan(0);
    expect(run.steps[2]?.outcomes[0]?.status).toBe('duplicate');
    for (const invariant of ALL_INVARIANTS.filter((i) => i.applies(run.policy, run.registry))) {
      expect({ invariant: invariant.invariantName, result: invariant(run) }).toEqual({
        invariant: invariant.invariantName,
        result: undefined,
      });
    }
  });

  it('notices a ledger that disagrees with the reward events', () => {
    const bad = clone(run);
    const slice = bad.final.users.u1?.slices.incentives as { entries: Array<{ amount: number }> };
    (slice.entries[0] as { amount: number }).amount += 1;
    expect(balanceMatchesLedger(bad)).toMatch(/ledger sums to/);
  });

  it('notices a negative balance', () => {
    const bad = clone(run);
    const slice = bad.steps[1]?.users.u1?.slices.incentives as { entries: Array<{ amount: number }> };
    (slice.entries[0] as { amount: number }).amount = -999;
    expect(noNegativeBalance(bad)).toMatch(/balance is/);
  });

  it('notices a double award and a replay that changed state', () => {
    const bad = clone(run);
    const granted = bad.signals.find((s) => s.name === 'reward:granted');
    (bad.signals as unknown[]).push(granted);
    expect(noDoubleAward(bad)).toMatch(/awarded twice/);
    const replayed = clone(run);
    (replayed.replay!.after.users.u1 as { slices: Record<string, unknown> }).slices.incentives = {};
    expect(noDoubleAward(replayed)).toMatch(/replaying the events changed/);
  });

  it('notices a broken cap', () => {
    const bad = clone(run);
    const granted = bad.signals.find(
      (s) => s.name === 'reward:granted' && s.payload.ruleId === 'review-points',
    );
    for (let i = 0; i < 10; i++)
      (bad.signals as unknown[]).push({ ...granted, payload: { ...granted?.payload, eventId: 'e2' } });
    expect(capsHold(bad)).toMatch(/cap "review-daily"/);
  });

  it('notices a rerun that differs, and an undo that left a credit', () => {
    const bad = clone(run);
    (bad.rerun!.users.u1 as { counts: Record<string, number> }).counts.extra = 1;
    expect(replayDeterminism(bad)).toMatch(/state differs/);
    const undone = clone(run);
    const step = undone.steps[4]?.users.u1?.slices.incentives as { entries: Array<{ reverses?: string }> };
    step.entries = step.entries.filter((e) => e.reverses === undefined);
    expect(undoRestores(undone)).toMatch(/still nets/);
  });
});

describe('lifecycle invariants over a lifecycle run', () => {
  let run: PolicyRun;
  beforeAll(async () => {
    const plugins = [lifecycle()];
    const harness = createRunHarness(loadPolicy(example('lifecycle-care'), { plugins }), plugins);
    run = await runJourney(harness, {
      start: '2026-03-02T00:00:00Z',
      users,
      steps: [
        join('u1', '2026-03-02T00:00:00Z'),
        ev('e1', 'user.signedUp', '2026-03-02T15:00:00Z'),
        ev('e2', 'order.paid', '2026-03-02T16:00:00Z', { orderId: 'o1', amount: 20 }),
        { kind: 'tick', at: '2026-03-12T00:00:00Z' },
      ],
    });
  });

  it('queues care and holds the lifecycle invariants', () => {
    const care = run.final.outbox.filter((m) => m.kind === 'care' && !m.transactional);
    expect(care.length).toBeGreaterThan(0);
    expect(noCareInQuietHours(run)).toBeUndefined();
    expect(careCapsHold(run)).toBeUndefined();
    expect(oneLifecycleStage(run)).toBeUndefined();
  });

  it('notices care inside quiet hours, past a cap, and a user without a stage', () => {
    const bad = clone(run);
    const care = bad.final.outbox.filter((m) => m.kind === 'care' && !m.transactional);
    // 23:30 in Shanghai
    for (const m of care) (m as { notBefore: number }).notBefore = Date.parse('2026-03-05T15:30:00Z');
    expect(noCareInQuietHours(bad)).toMatch(/inside quiet hours 22:00–08:00/);
    const many = clone(run);
    const first = many.final.outbox.find((m) => m.kind === 'care' && !m.transactional);
    for (let i = 0; i < 3; i++) (many.final.outbox as unknown[]).push({ ...first, id: `x${i}` });
    expect(careCapsHold(many)).toMatch(/the cap is/);
    const lost = clone(run);
    (lost.steps[1]?.users.u1?.slices.lifecycle as { stage: unknown }).stage = null;
    expect(oneLifecycleStage(lost)).toMatch(/has no lifecycle stage/);
  });
});
