import {
  createEngine,
  createManualClock,
  createMemoryStore,
  type Engine,
  loadPolicy,
  type PolicyDocument,
} from '@engageloop/core';
import { describe, expect, it } from 'vitest';
import { type IncentivesState, incentives } from '../index';

/*
 * The tier path of seeded random streams, end to end (engine, memory store, review timers fired by `tick` at
 * their due time), checked against the file recorded with the eager timer (re-armed at every review whose
 * computed time moved, before the lazy timer and the skipped reviews): what a user sees of tiers —
 * `tier:changed`, `tier:will-downgrade` with the instant each was emitted at, and the tier and history left —
 * must not depend on when review timers fire. Event ids are left out (a timer's event id names its due time).
 */

const DAY = 86_400_000;
const HOUR = 3_600_000;
const T0 = Date.parse('2026-01-01T00:00:00Z');

const levels = [
  { id: 'basic', minScore: 0 },
  { id: 'silver', minScore: 50 },
  { id: 'gold', minScore: 120 },
  { id: 'star', minScore: 200 },
];

function policyOf(tiers: Record<string, unknown>, timezone: string): PolicyDocument {
  return {
    version: 1,
    defaults: { timezone },
    eventTypes: { 'task.done': {}, 'task.big': {}, 'task.undone': {}, 'page.viewed': {} },
    settings: {
      incentives: {
        actions: { task: { events: ['task.done', 'task.big'] }, view: { events: ['page.viewed'] } },
        tiers: { levels, ...tiers },
      },
    },
    rules: [
      {
        id: 'task',
        stage: 'action',
        on: 'task.done',
        effects: [{ type: 'incentives.award', params: { amount: 20 } }],
      },
      {
        id: 'big',
        stage: 'action',
        on: 'task.big',
        effects: [{ type: 'incentives.award', params: { amount: 70 } }],
      },
      {
        id: 'undo',
        stage: 'action',
        on: 'task.undone',
        effects: [{ type: 'incentives.revoke', params: { eventIdPath: '$.payload.target', scope: 'event' } }],
      },
    ],
  } as PolicyDocument;
}

const POLICIES: Record<string, PolicyDocument> = {
  'points, one tier at a time': policyOf(
    {
      score: { source: 'points', wallet: 'points', windowDays: 6 },
      downgrade: { mode: 'one-tier', graceDays: 3, warnDays: 1 },
    },
    'Asia/Shanghai',
  ),
  'points, to the score, no grace': policyOf(
    {
      score: { source: 'points', wallet: 'points', windowDays: 4 },
      downgrade: { mode: 'to-score', graceDays: 0, warnDays: 0 },
    },
    'Asia/Shanghai',
  ),
  'actions over local days (a DST change)': policyOf(
    {
      score: { source: 'actions', windowDays: 5, weights: { task: 30, view: 2 } },
      downgrade: { mode: 'one-tier', graceDays: 2, warnDays: 1 },
    },
    'America/New_York',
  ),
};

/** A deterministic generator (an LCG), so the streams do not depend on a library's random source. */
function random(seed: number) {
  let s = seed >>> 0;
  return (n: number) => {
    s = (Math.imul(s, 1_103_515_245) + 12_345) >>> 0;
    return Math.floor((s / 4_294_967_296) * n);
  };
}

interface Seen {
  at: string;
  name: string;
  payload: Record<string, unknown>;
}

/** Plays one user's seeded stream; returns what the user saw of tiers, and the tier left at the end. */
async function play(policyDoc: PolicyDocument, seed: number) {
  const plugin = incentives({ retentionDays: 8 });
  const policy = await loadPolicy(policyDoc, { plugins: [plugin] });
  const clock = createManualClock(T0);
  const engine: Engine = createEngine({ plugins: [plugin], policy, store: createMemoryStore(), clock });
  const seen: Seen[] = [];
  let now = T0;
  for (const name of ['tier:changed', 'tier:will-downgrade'] as const)
    engine.on(name, ((payload: Record<string, unknown>) => {
      const { eventId: _, ...rest } = payload;
      seen.push({ at: new Date(now).toISOString(), name, payload: rest });
    }) as never);
  /** Fires the user's review timer at its due time while it is due by `until`. */
  const fireUntil = async (until: number) => {
    for (;;) {
      const [timer] = await engine.store.listTimers({ userId: 'u' });
      if (timer === undefined || timer.dueAt > until) return;
      now = Math.max(now, timer.dueAt);
      clock.set(now);
      await engine.tick(now);
    }
  };
  const rand = random(seed);
  const tasks: Array<{ id: string; at: number }> = [];
  let t = T0;
  for (let i = 0; i < 90; i++) {
    // Bursts and pauses: most steps are hours apart, some are days.
    t += rand(4) === 0 ? rand(7 * 24) * HOUR : rand(9) * HOUR;
    await fireUntil(t);
    now = t;
    clock.set(t);
    const kind = rand(10);
    const id = `e${i}`;
    let event: { type: string; payload: Record<string, unknown> };
    if (kind < 5) {
      event = { type: rand(3) === 0 ? 'task.big' : 'task.done', payload: {} };
      tasks.push({ id, at: t });
    } else if (kind < 6 && tasks.length > 0) {
      const open = tasks.filter((task) => task.at > t - 7 * DAY);
      event = { type: 'task.undone', payload: { target: open[rand(open.length)]?.id ?? 'none' } };
    } else event = { type: 'page.viewed', payload: {} };
    await engine.dispatch({ id, userId: 'u', at: new Date(t).toISOString(), ...event });
  }
  await fireUntil(t + 30 * DAY);
  const slice = (await engine.getUser('u'))!.slices.incentives as IncentivesState;
  const { id, since, belowSince, downgradeAt, warned } = slice.tier ?? { id: null, since: null };
  return { seen, tier: { id, since, belowSince, downgradeAt, warned }, history: slice.tierHistory };
}

describe('tier path of seeded streams (review timers fired at their due time)', () => {
  for (const [name, policy] of Object.entries(POLICIES)) {
    it(`${name}: the tier events and history recorded with the eager timer`, async () => {
      const lines: string[] = [];
      const seen: Seen[] = [];
      for (let seed = 1; seed <= 12; seed++) {
        const run = await play(policy, seed);
        lines.push(`seed ${seed}: ${JSON.stringify(run.tier)} ${JSON.stringify(run.history)}`);
        for (const s of run.seen) lines.push(`  ${s.at} ${s.name} ${JSON.stringify(s.payload)}`);
        seen.push(...run.seen);
      }
      // The streams reach every kind of tier event: up, down, and warnings.
      expect(seen.some((s) => s.payload.direction === 'up')).toBe(true);
      expect(seen.some((s) => s.payload.direction === 'down')).toBe(true);
      if (!name.includes('no grace')) expect(seen.some((s) => s.name === 'tier:will-downgrade')).toBe(true);
      const file = `./__recorded__/tier-streams.${name.toLowerCase().replace(/[^a-z]+/g, '-')}.txt`;
      await expect(`${lines.join('\n')}\n`).toMatchFileSnapshot(file);
    }, 60_000);
  }
});
