import type { Engine, Outcome, Policy } from '@engageloop/core';
import { tierOf } from '@engageloop/incentives';
import type { LoopFigures } from '@engageloop/needs';
import { collectCommunity } from './collect-community';
import { bump, emptySummary, type SimulationSummary } from './summary';

const DAY_MS = 86_400_000;

interface CapSetting {
  id?: unknown;
  period?: unknown;
  max?: unknown;
}

function capsOf(policy: Policy, summary: SimulationSummary): void {
  const settings = policy.settings.incentives as { caps?: CapSetting[]; budgets?: CapSetting[] } | undefined;
  const add = (list: CapSetting[] | undefined, kind: 'cap' | 'budget') => {
    for (const c of list ?? []) {
      if (typeof c.id !== 'string') continue;
      summary.points.caps[c.id] = {
        kind,
        period: typeof c.period === 'string' ? c.period : null,
        max: typeof c.max === 'number' ? c.max : null,
        hits: 0,
        withheld: 0,
      };
    }
  };
  add(settings?.caps, 'cap');
  add(settings?.budgets, 'budget');
}

/** Payload fields the collector reads from plugin loop events (kept local: no build-order coupling). */
interface Payload {
  userId: string;
  wallet: string;
  points: number;
  requested: number;
  granted: number;
  caps: Array<{ id: string; kind: 'cap' | 'budget'; max: number }>;
  from: string;
  to: string;
  badge: string;
  level: number;
  milestone: string;
  direction: string;
  trigger: string;
  channel: string;
  triggers: string[];
}

/** Aggregates outcomes and typed loop events of one engine into a `SimulationSummary`. */
export interface Collector {
  summary: SimulationSummary;
  /** Sets the time the next dispatches happen at (loop events carry no time). */
  at(time: number): void;
  /** Records one dispatch (of an input event, a fired timer or a derived event); entities are not users. */
  outcome(outcome: Outcome): void;
  /**
   * Fills the per-user distributions (each user's tier as the engine has it, read with the incentives
   * plugin's `tierOf`) and the loop figures (core's, from the stored needs); call once at the end.
   */
  finish(loop: LoopFigures): Promise<SimulationSummary>;
}

/**
 * Listens to an engine's loop events and outcomes and tallies what `simulate`, `diff` and `report` print:
 * rewards per wallet, caps hit, tiers, badges, messages, care and rules fired. Memory stays per user, not per event.
 *
 * @example
 * const collector = createCollector(engine, policy);
 * for (const event of events) collector.outcome(await engine.dispatch(event));
 * const summary = await collector.finish((await loopFigures(engine.store)).total);
 */
export function createCollector(engine: Engine, policy: Policy): Collector {
  const summary = emptySummary({ name: policy.name || null, hash: policy.hash, rules: policy.rules.length });
  capsOf(policy, summary);
  const users = new Set<string>();
  const stageOf = new Map<string, string>();
  const s = summary;
  const on = engine.on as unknown as (name: string, listener: (payload: Payload) => void) => unknown;
  let day = '';
  let dayStart = Number.NaN;

  on('reward:granted', (p) => {
    const w = s.rewards.byWallet[p.wallet] ?? { grants: 0, amount: 0 };
    s.rewards.byWallet[p.wallet] = { grants: w.grants + 1, amount: w.amount + p.points };
    if (p.wallet === 'points') {
      s.points.issued += p.points;
      s.points.requested += p.requested;
      bump(s.points.byDay, day, p.points);
    }
  });
  // An award the caps blocked entirely grants nothing (no `reward:granted`), but it was requested.
  on('reward:capped', (p) => {
    if (p.wallet === 'points' && p.granted === 0) s.points.requested += p.requested;
  });
  on('reward:capped', (p) => {
    for (const cap of p.caps) {
      const entry = s.points.caps[cap.id] ?? {
        kind: cap.kind,
        period: null,
        max: cap.max,
        hits: 0,
        withheld: 0,
      };
      s.points.caps[cap.id] = {
        ...entry,
        hits: entry.hits + 1,
        withheld: entry.withheld + (p.requested - p.granted),
      };
    }
  });
  on('reward:revoked', (p) => bump(s.rewards.revoked, p.wallet, p.points));
  on('reward:converted', (p) => bump(s.rewards.converted, `${p.from}→${p.to}`, p.points));
  on('badge:granted', (p) => bump(s.rewards.badges, p.level > 1 ? `${p.badge}#${p.level}` : p.badge));
  on('milestone:reached', (p) => bump(s.rewards.milestones, p.milestone));
  on('streak:broken', () => {
    s.rewards.streaksBroken++;
  });
  on('tier:changed', (p) => {
    if (p.direction === 'up') s.tiers.up++;
    if (p.direction === 'down') s.tiers.down++;
  });
  on('tier:will-downgrade', () => {
    s.tiers.warnings++;
  });
  on('stage:changed', (p) => stageOf.set(p.userId, p.to));
  on('care:queued', (p) => {
    bump(s.care.byTrigger, p.trigger);
    bump(s.care.byChannel, p.channel);
  });
  on('care:scheduled', () => {
    s.care.scheduled++;
  });
  on('care:cancelled', (p) => {
    s.care.cancelled += p.triggers.length;
  });
  collectCommunity(engine, s.community);

  return {
    summary,
    at(time) {
      // The day's string is built only when the time leaves the current UTC day.
      if (time >= dayStart && time < dayStart + DAY_MS) return;
      dayStart = time - (((time % DAY_MS) + DAY_MS) % DAY_MS);
      day = new Date(time).toISOString().slice(0, 10);
    },
    outcome(o) {
      if (o.entity === undefined) users.add(o.userId);
      bump(s.events.byType, o.type);
      // Timers and derived events are not input lines: their duplicates and successes are not counted as such.
      const input = o.source === 'event';
      if (o.status === 'duplicate') s.events.duplicate += input ? 1 : 0;
      else if (o.status === 'failed') {
        s.events.failed++;
        bump(s.errors, o.error?.code ?? 'UNKNOWN');
      } else if (input) s.events.applied++;
      if (o.status === 'duplicate') return;
      for (const id of o.fired) bump(s.rules, id);
      for (const m of o.messages) {
        if (!m.queued) {
          s.messages.dropped++;
          continue;
        }
        s.messages.queued++;
        bump(s.messages.byKind, m.kind);
        bump(s.messages.byTopic, m.topic);
        if (m.kind === 'reply') bump(s.replies, m.topic);
      }
    },
    async finish(loop) {
      s.events.users = users.size;
      const tiers = engine.registry.plugin('incentives') !== undefined;
      for (const u of users) {
        if (tiers) bump(s.tiers.distribution, tierOf(await engine.getUser(u), engine.policy) ?? '(none)');
        if (stageOf.size > 0) bump(s.stages, stageOf.get(u) ?? '(none)');
      }
      s.loop = loop;
      return s;
    },
  };
}
