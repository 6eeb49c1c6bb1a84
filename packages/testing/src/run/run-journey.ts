import {
  type Engine,
  type LoopEvent,
  MAX_TOP_COUNTERS,
  type Outcome,
  type UserState,
} from '@engageloop/core';
import type { NeedDoc } from '@engageloop/needs';
import type { Journey } from '../arbitraries/journey-types';
import { absencePair } from './absence';
import type { RunHarness } from './harness';
import type { PolicyRun, RunSignal, RunSnapshot, RunStep } from './types';

/** Options of {@link runJourney}. */
export interface RunJourneyOptions {
  /** Dispatch every event again afterwards on the same store (for replay invariants). Default true. */
  replay?: boolean;
  /** Run the journey again on a fresh store (for replay-determinism). Default true. */
  rerun?: boolean;
  /** Run the journey without its first applied undo and the event it undoes right before it (for undo-equals-absence). Default true. */
  absence?: boolean;
}

const clone = <T>(value: T): T => structuredClone(value);

function timeOfEventId(id: string): number | undefined {
  const at = id.slice(id.lastIndexOf('@') + 1);
  const n = /^\d+$/.test(at) ? Number(at) : Date.parse(at);
  return Number.isFinite(n) ? n : undefined;
}

interface Driven {
  engine: Engine;
  steps: RunStep[];
  signals: RunSignal[];
  eventTimes: Map<string, number>;
}

async function drive(harness: RunHarness, journey: Journey, detailed: boolean): Promise<Driven> {
  const { engine, clock } = harness;
  harness.store.reset();
  clock.set(journey.start);
  const signals: RunSignal[] = [];
  harness.sink.signals = detailed ? signals : undefined;
  const steps: RunStep[] = [];
  const eventTimes = new Map<string, number>();
  const seen = new Set<string>();
  let wall = Date.parse(journey.start);
  for (const [index, step] of journey.steps.entries()) {
    harness.sink.step = index;
    let outcomes: Outcome[];
    if (step.kind === 'tick') {
      wall = Math.max(wall, Date.parse(step.at));
      clock.set(wall);
      outcomes = (await engine.tick(wall)).outcomes;
    } else {
      wall = Math.max(wall, Date.parse(step.event.at));
      clock.set(wall);
      eventTimes.set(step.event.id, Date.parse(step.event.at));
      outcomes = [await engine.dispatch(step.event)];
    }
    for (const o of outcomes) {
      seen.add(o.userId);
      if (!eventTimes.has(o.eventId)) eventTimes.set(o.eventId, timeOfEventId(o.eventId) ?? wall);
    }
    const users: Record<string, UserState> = Object.create(null);
    if (detailed) {
      if (step.kind === 'event' && step.event.userId !== undefined) seen.add(step.event.userId);
      for (const id of seen) {
        const u = await engine.getUser(id);
        if (u) users[id] = clone(u);
      }
    }
    const s: RunStep = { index, kind: step.kind, now: wall, outcomes, users };
    if (step.kind === 'event') s.event = step.event;
    steps.push(s);
  }
  harness.sink.signals = undefined;
  return { engine, steps, signals, eventTimes };
}

async function snapshot(engine: Engine, userIds: Iterable<string>): Promise<RunSnapshot> {
  const users: Record<string, UserState> = Object.create(null);
  for (const id of userIds) {
    const u = await engine.getUser(id);
    if (u) users[id] = clone(u);
  }
  // In the order queued (message ids start with the sender's scope, not with the time).
  const outbox = [...(await engine.store.listMessages())].sort(
    (a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id),
  );
  const timers = [...(await engine.store.listTimers())].sort((a, b) => a.id.localeCompare(b.id));
  const counters: Record<string, number> = Object.create(null);
  for (const c of await engine.store.topCounters('', { limit: MAX_TOP_COUNTERS }))
    if (c.value !== 0) counters[c.key] = c.value;
  const needs: Record<string, NeedDoc> = Object.create(null);
  for await (const { value } of engine.store.listDocuments('need:')) {
    const need = value as NeedDoc | null;
    if (typeof need?.id === 'string' && typeof need.sla === 'object') needs[need.id] = clone(need);
  }
  return { users, outbox: clone(outbox), timers: clone(timers), needs, counters };
}

/**
 * Runs a journey through a fresh engine (memory store, manual clock that follows the journey) and
 * collects what invariants need. The policy should be loaded once (`loadPolicy`) and reused.
 *
 * @example
 * const harness = createRunHarness(policy, [incentives()]);
 * const run = await runJourney(harness, journey);
 * expect(noNegativeBalance(run)).toBeUndefined();
 */
export async function runJourney(
  harness: RunHarness,
  journey: Journey,
  options: RunJourneyOptions = {},
): Promise<PolicyRun> {
  const main = await drive(harness, journey, true);
  const userIds = journey.users.map((u) => u.id);
  const final = await snapshot(main.engine, userIds);
  const run: PolicyRun = {
    policy: main.engine.policy,
    registry: main.engine.registry,
    journey,
    steps: main.steps,
    signals: main.signals,
    final,
    eventTimes: main.eventTimes,
  };
  if (options.replay !== false) {
    const events: LoopEvent[] = [];
    for (const step of journey.steps) if (step.kind === 'event') events.push(step.event);
    const outcomes: Outcome[] = [];
    for (const event of events) outcomes.push(await main.engine.dispatch(event));
    run.replay = { outcomes, after: await snapshot(main.engine, userIds) };
  }
  if (options.rerun !== false) {
    const again = await drive(harness, journey, false);
    run.rerun = await snapshot(again.engine, userIds);
  }
  const pair = options.absence === false ? undefined : absencePair(run, journey);
  if (pair) {
    const without = await drive(harness, pair.journey, false);
    run.absence = {
      undone: pair.undone,
      undo: pair.undo,
      step: pair.step,
      without: await snapshot(without.engine, userIds),
    };
  }
  return run;
}
