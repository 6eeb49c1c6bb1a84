import type { Engine, Outcome, Policy } from '@engageloop/core';
import { bump, emptySummary, type SimulationSummary } from './summary';

/** Event types that carry a user's need (feedback, suggestions, proposals, questions, complaints). */
export const NEED_EVENT_TYPES: readonly string[] = [
  'feedback.submitted',
  'suggestion.submitted',
  'proposal.submitted',
  'question.asked',
  'complaint.submitted',
];
/** Event types that decide a need (the loop closes when the user hears about it). */
const DECISION = /\.(adopted|declined)$/;

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
  /** Records one dispatch (of an input event or a fired timer). */
  outcome(outcome: Outcome, eventTime: number): void;
  /** Fills the per-user distributions and medians; call once at the end. */
  finish(): SimulationSummary;
}

export function createCollector(engine: Engine, policy: Policy, slaHours = 24): Collector {
  const summary = emptySummary(
    { name: policy.name || null, hash: policy.hash, rules: policy.rules.length },
    slaHours,
  );
  capsOf(policy, summary);
  const needTypes = new Set([
    ...NEED_EVENT_TYPES,
    ...policy.rules.filter((r) => r.stage === 'need').flatMap((r) => r.on ?? []),
  ]);
  const users = new Set<string>();
  const tierOf = new Map<string, string>();
  const stageOf = new Map<string, string>();
  const pending = new Map<string, number[]>();
  const responseMinutes: number[] = [];
  const slaMs = slaHours * 3_600_000;
  const s = summary;
  const on = engine.on as unknown as (name: string, listener: (payload: Payload) => void) => unknown;
  let day = '';

  on('reward:granted', (p) => {
    const w = s.rewards.byWallet[p.wallet] ?? { grants: 0, amount: 0 };
    s.rewards.byWallet[p.wallet] = { grants: w.grants + 1, amount: w.amount + p.points };
    if (p.wallet === 'points') {
      s.points.issued += p.points;
      s.points.requested += p.requested;
      bump(s.points.byDay, day, p.points);
    }
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
    tierOf.set(p.userId, p.to);
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
  on('loop:closed', () => {
    s.loop.closed++;
  });

  return {
    summary,
    at(time) {
      day = new Date(time).toISOString().slice(0, 10);
    },
    outcome(o, eventTime) {
      users.add(o.userId);
      bump(s.events.byType, o.type);
      const input = !o.eventId.startsWith('timer:');
      if (o.status === 'duplicate') s.events.duplicate += input ? 1 : 0;
      else if (o.status === 'failed') {
        s.events.failed++;
        bump(s.errors, o.error?.code ?? 'UNKNOWN');
      } else if (input) s.events.applied++;
      if (o.status === 'duplicate') return;
      for (const id of o.fired) bump(s.rules, id);
      if (needTypes.has(o.type)) {
        s.loop.captured++;
        const list = pending.get(o.userId) ?? [];
        list.push(eventTime);
        pending.set(o.userId, list);
      }
      const toUser = o.messages.filter((m) => m.queued && m.userId === o.userId);
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
      if (toUser.length > 0) {
        for (const t of pending.get(o.userId) ?? []) {
          s.loop.answered++;
          if (eventTime - t <= slaMs) s.loop.acknowledged++;
          if (responseMinutes.length < 100_000) responseMinutes.push((eventTime - t) / 60_000);
        }
        pending.delete(o.userId);
        if (DECISION.test(o.type)) s.loop.closed++;
      }
    },
    finish() {
      s.events.users = users.size;
      for (const u of users) {
        bump(s.tiers.distribution, tierOf.get(u) ?? '(no tier yet)');
        if (stageOf.size > 0) bump(s.stages, stageOf.get(u) ?? '(none)');
      }
      responseMinutes.sort((a, b) => a - b);
      const mid = responseMinutes[Math.floor(responseMinutes.length / 2)];
      s.loop.medianResponseMinutes = mid === undefined ? null : Math.round(mid);
      return s;
    },
  };
}
