import {
  createEngine,
  createManualClock,
  createMemoryStore,
  type Engine,
  type LoopEvent,
  type PolicyDocument,
} from '@engageloop/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { balanceOf, growthOf } from '../growth-api';
import { type IncentivesState, incentives } from '../index';
import { contributionScore } from '../model/score';
import { resolveSettings } from '../settings';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const T0 = Date.parse('2026-01-01T00:00:00Z');
/** The short revoke window of the folding engine (the other one keeps every entry). */
const REVOKE_DAYS = 3;

/** Awards with expiry and pending periods, revokes, conversions, tiers on a 10-day points score, and facts read by rules. */
const policyWith = (revokeWindowDays: number): PolicyDocument => ({
  version: 1,
  defaults: { timezone: 'Asia/Shanghai' },
  eventTypes: { 'task.done': {}, 'task.undone': {}, 'donation.requested': {}, 'check.done': {} },
  settings: {
    incentives: {
      wallets: { points: { validForDays: 12 }, charity: {} },
      tiers: {
        levels: [
          { id: 'basic', minScore: 0 },
          { id: 'advanced', minScore: 60 },
          { id: 'core', minScore: 150 },
        ],
        score: { source: 'points', wallet: 'points', windowDays: 10 },
        downgrade: { mode: 'one-tier', graceDays: 3, warnDays: 1 },
      },
      ledger: { revokeWindowDays },
    },
  },
  rules: [
    {
      id: 'earn',
      stage: 'action',
      on: 'task.done',
      effects: [{ type: 'incentives.award', params: { amount: 20 } }],
    },
    {
      id: 'earn-pending',
      stage: 'action',
      on: 'task.done',
      conditions: { all: [{ fact: 'event', path: '$.payload.big', operator: 'equal', value: true }] },
      effects: [{ type: 'incentives.award', params: { amount: 35, pendingDays: 2, validForDays: 4 } }],
    },
    {
      id: 'undo',
      stage: 'action',
      on: 'task.undone',
      effects: [{ type: 'incentives.revoke', params: { eventIdPath: '$.payload.target' } }],
    },
    {
      id: 'donate',
      stage: 'action',
      on: 'donation.requested',
      effects: [
        {
          type: 'incentives.convert',
          params: { from: 'points', to: 'charity', amountPath: '$.payload.points' },
        },
      ],
    },
    {
      id: 'rich',
      stage: 'value',
      on: 'check.done',
      conditions: {
        all: [
          { fact: 'incentives.balance', params: { wallet: 'points' }, operator: 'greaterThan', value: 40 },
          { fact: 'incentives.score', operator: 'greaterThanInclusive', value: 60 },
        ],
      },
      effects: [{ type: 'core.setAttribute', params: { key: 'rich', value: true } }],
    },
    {
      id: 'advanced',
      stage: 'value',
      on: 'check.done',
      conditions: { all: [{ fact: 'incentives.tier', operator: 'equal', value: 'advanced' }] },
      effects: [{ type: 'core.setAttribute', params: { key: 'advanced', value: true } }],
    },
  ],
});

interface Run {
  engine: Engine;
  signals: Array<{ name: string; payload: unknown }>;
}

function engineFor(revokeWindowDays: number): Run {
  const engine = createEngine({
    plugins: [incentives()],
    policy: policyWith(revokeWindowDays),
    store: createMemoryStore(),
    clock: createManualClock(T0),
  });
  const signals: Run['signals'] = [];
  for (const name of [
    'reward:granted',
    'reward:revoked',
    'reward:converted',
    'tier:changed',
    'tier:will-downgrade',
  ])
    engine.on(name as 'reward:granted', (payload) => signals.push({ name, payload }));
  return { engine, signals };
}

const stepArb = fc.record({
  kind: fc.constantFrom(
    'task.done',
    'task.done',
    'task.done',
    'task.undone',
    'donation.requested',
    'check.done',
  ),
  /** Hours after the previous step (a day or more now and then, so entries leave the windows). */
  gap: fc.oneof(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 24, max: 24 * 6 })),
  /** Hours this event is dated before the latest one so far (late events, inside the revoke window). */
  late: fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 1, max: 24 * REVOKE_DAYS - 1 })),
  big: fc.boolean(),
  target: fc.nat(),
  points: fc.integer({ min: 1, max: 60 }),
});

type Step = typeof stepArb extends fc.Arbitrary<infer T> ? T : never;

/**
 * The journey's events, in dispatch order: times move forward by `gap`, an event may be dated up to the
 * revoke window before the latest; an undo names an earlier task dated inside the revoke window of the
 * latest event (what a policy's window promises), else a task that does not exist.
 */
function journey(steps: Step[]) {
  let latest = T0;
  const tasks: Array<{ id: string; at: number }> = [];
  return steps.map((s, i): LoopEvent => {
    latest += s.gap * HOUR;
    const at = latest - s.late * HOUR;
    const id = `e${i}`;
    let payload: Record<string, unknown> = {};
    if (s.kind === 'task.done') {
      payload = { big: s.big };
      tasks.push({ id, at });
    } else if (s.kind === 'task.undone') {
      const open = tasks.filter((t) => t.at > latest - REVOKE_DAYS * DAY + HOUR);
      payload = { target: open.length > 0 ? open[s.target % open.length]!.id : 'none' };
    } else if (s.kind === 'donation.requested') payload = { points: s.points };
    return { id, type: s.kind, userId: 'u', at: new Date(at).toISOString(), payload };
  });
}

const settings = resolveSettings(policyWith(REVOKE_DAYS).settings?.incentives as never);

/** The same attributes, tier, balances, growth summary and score from `from` to `to`. */
async function sameFigures(a: Engine, b: Engine, from: number, to: number) {
  const [userA, userB] = [await a.getUser('u'), await b.getUser('u')];
  const sliceA = userA!.slices.incentives as IncentivesState;
  const sliceB = userB!.slices.incentives as IncentivesState;
  expect(userA!.attributes).toEqual(userB!.attributes);
  // The tier but what its last review read (`checkedAt`, `inputs`: a token of the ledger, which folding changes).
  const tierOf = (slice: IncentivesState) => {
    const { checkedAt: _at, inputs: _inputs, ...tier } = slice.tier ?? { id: null };
    return tier;
  };
  expect([tierOf(sliceA), sliceA.tierHistory]).toEqual([tierOf(sliceB), sliceB.tierHistory]);
  for (let t = from; t <= to; t += 17 * HOUR) {
    for (const wallet of ['points', 'charity'])
      expect(balanceOf(userA, wallet, t)).toEqual(balanceOf(userB, wallet, t));
    expect(growthOf(userA, t)).toEqual(growthOf(userB, t));
    expect(contributionScore(sliceA, settings.tiers, t, 'Asia/Shanghai')).toBe(
      contributionScore(sliceB, settings.tiers, t, 'Asia/Shanghai'),
    );
  }
}

describe('ledger checkpoint', () => {
  it('a journey gives the same outcomes, signals, facts, balances, tiers and timers with and without folding', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 40 }), async (steps) => {
        const folding = engineFor(REVOKE_DAYS);
        const keeping = engineFor(36_600);
        const events = journey(steps);
        for (const event of events) {
          const a = await folding.engine.dispatch(event);
          const b = await keeping.engine.dispatch(event);
          expect(a).toEqual(b);
        }
        const end = Math.max(...events.map((e) => Date.parse(e.at)));
        // Folding happened: the ledger keeps the revoke window's entries, and everything from the oldest entry a
        // kept reversal names (the fold is a prefix: its cutoff moves before that entry, see `keptReversalsCutoff`).
        const folded = (await folding.engine.getUser('u'))!.slices.incentives as IncentivesState;
        const named = folded.entries.filter((e) => folded.entries.some((r) => r.reverses === e.id));
        const cutoff = Math.min(end - REVOKE_DAYS * DAY, ...named.map((e) => e.at - 1));
        const kept = (e: IncentivesState['entries'][number]) => e.at > cutoff;
        expect(folded.entries.every(kept)).toBe(true);
        // Figures at any time from the latest dispatch on (a checkpoint answers for t ≥ its cutoff).
        await sameFigures(folding.engine, keeping.engine, end, end + 40 * DAY);
        for (const tick of [end + 2 * DAY, end + 8 * DAY, end + 30 * DAY]) {
          expect(await folding.engine.tick(tick)).toEqual(await keeping.engine.tick(tick));
          await sameFigures(folding.engine, keeping.engine, tick, tick + 20 * DAY);
        }
        expect(folding.signals).toEqual(keeping.signals);
        expect(await folding.engine.store.listTimers()).toEqual(await keeping.engine.store.listTimers());
      }),
      { numRuns: 30 },
    );
  }, 120_000);
});
