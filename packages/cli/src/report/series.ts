import type { Engine, Outcome } from '@engageloop/core';
import { tierOf } from '@engageloop/incentives';
import { bump, type Counts } from '../summary';

/** Per-day figures a report charts, and the final tier of each user (for `diff`). */
export interface ReportSeries {
  /** UTC days (YYYY-MM-DD) with at least one dispatch, in order. */
  days: string[];
  /** Per day: how many users hold each tier at the end of that day. */
  tiersByDay: Record<string, Counts>;
  /** Per day: need items created (`need:captured`) and messages queued to users. */
  needsByDay: Counts;
  messagesByDay: Counts;
  /** Per day: points held back by caps and budgets. */
  withheldByDay: Counts;
  /** Per day: users awarded points or held back by a cap (what a per-user daily cap multiplies). */
  earnersByDay: Counts;
  /** Final tier of each user (users no review moved are in the entry tier), when the policy has tiers. */
  userTiers: Record<string, string>;
  /** Messages queued, per `kind · topic`. */
  messagesByKey: Counts;
}

/** Collects `ReportSeries` from one simulation run: attach to its engine, feed it its outcomes. */
export interface SeriesRecorder {
  attach(engine: Engine): void;
  outcome(outcome: Outcome, time: number, isNeed: boolean): void;
  finish(): ReportSeries;
}

const DAY_MS = 86_400_000;

/**
 * Creates a recorder. Tier changes are loop events without a time; they are dated by the outcome of
 * the dispatch that raised them. Memory: one entry per user and per day.
 *
 * @example
 * const rec = createSeriesRecorder();
 * await runSimulation({ …, onEngine: rec.attach, onOutcome: (o) => rec.outcome(o, time, false) });
 */
export function createSeriesRecorder(): SeriesRecorder {
  const tiers = new Map<string, string>();
  const days: string[] = [];
  const tiersByDay: Record<string, Counts> = Object.create(null);
  const needsByDay: Counts = Object.create(null);
  const messagesByDay: Counts = Object.create(null);
  const messagesByKey: Counts = Object.create(null);
  const withheldByDay: Counts = Object.create(null);
  const earnersByDay: Counts = Object.create(null);
  let withheld = 0;
  /** Users awarded points since the last outcome, and those of the current day (both cleared as they go). */
  const earning = new Set<string>();
  const earners = new Set<string>();
  let dayStart = Number.NaN;
  const seen = new Set<string>();
  let day: string | undefined;
  /** The entry tier (incentives' `tierOf` a user no review moved), or null without the incentives plugin. */
  let entry: string | null = null;
  const tierOfUser = (user: string): string | null => tiers.get(user) ?? entry;

  const snapshot = (d: string) => {
    const counts: Counts = Object.create(null);
    for (const user of seen) bump(counts, tierOfUser(user) ?? '(none)');
    tiersByDay[d] = counts;
  };

  const closeDay = (d: string) => {
    snapshot(d);
    if (earners.size > 0) bump(earnersByDay, d, earners.size);
    earners.clear();
  };

  return {
    attach(engine) {
      if (engine.registry.plugin('incentives')) entry = tierOf(undefined, engine.policy);
      const on = engine.on as unknown as (
        name: string,
        listener: (p: {
          userId: string;
          to: string;
          wallet?: string;
          points?: number;
          requested: number;
          granted: number;
        }) => void,
      ) => unknown;
      on('reward:capped', (p) => {
        if ((p.wallet ?? 'points') !== 'points') return;
        withheld += Math.max(0, p.requested - p.granted);
        earning.add(p.userId);
      });
      on('reward:granted', (p) => {
        if (p.wallet === 'points') earning.add(p.userId);
      });
      on('tier:changed', (p) => {
        if (typeof p.userId === 'string' && typeof p.to === 'string') tiers.set(p.userId, p.to);
      });
    },
    outcome(o, time, isNeed) {
      // The day's string is built only when the time leaves the current UTC day.
      if (!(time >= dayStart && time < dayStart + DAY_MS)) {
        dayStart = time - (((time % DAY_MS) + DAY_MS) % DAY_MS);
        const d = new Date(time).toISOString().slice(0, 10);
        if (d !== day) {
          if (day !== undefined) closeDay(day);
          if (!Object.hasOwn(tiersByDay, d)) days.push(d);
          day = d;
        }
      }
      const d = day as string;
      for (const user of earning) earners.add(user);
      earning.clear();
      seen.add(o.userId);
      if (withheld > 0) bump(withheldByDay, d, withheld);
      withheld = 0;
      if (o.status === 'duplicate') return;
      if (isNeed) bump(needsByDay, d);
      for (const m of o.messages) {
        if (!m.queued) continue;
        bump(messagesByDay, d);
        bump(messagesByKey, `${m.kind} · ${m.topic}`);
      }
    },
    finish() {
      if (day !== undefined) closeDay(day);
      const userTiers: Record<string, string> = Object.create(null);
      for (const user of new Set([...seen, ...tiers.keys()])) {
        const tier = tierOfUser(user);
        if (tier !== null) userTiers[user] = tier;
      }
      return {
        days: [...days].sort(),
        tiersByDay,
        needsByDay,
        messagesByDay,
        withheldByDay,
        earnersByDay,
        userTiers,
        messagesByKey,
      };
    },
  };
}
