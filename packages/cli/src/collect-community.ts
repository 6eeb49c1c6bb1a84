import type { Engine } from '@engageloop/core';
import { bump, CONTEST_PERIODS_KEPT, type CommunityFigures } from './summary';

/** Payload fields read from the community plugin's loop events (kept local: no build-order coupling). */
interface CommunityPayload {
  item: string;
  kind: string;
  reaction: string;
  delta: number;
  passed: boolean;
  track: string;
  to: string;
  refused: boolean;
  change: string;
  size: number;
  goal: string;
  outcome: string;
  contest: string;
  period: string;
  winners: Array<{ rank: number; entry: string; value: number }>;
}

/**
 * Tallies the community plugin's loop events into `figures`: items by kind, net and withdrawn reactions,
 * reviews, ratings, groups and goals, track stages entered, and each contest period's winners.
 */
export function collectCommunity(engine: Engine, figures: CommunityFigures): void {
  const c = figures;
  const on = engine.on as unknown as (name: string, listener: (payload: CommunityPayload) => void) => unknown;
  on('community:item-created', (p) => bump(c.items, p.kind));
  on('community:reacted', (p) => {
    bump(c.reactions, p.reaction, p.delta);
    if (p.delta < 0) bump(c.withdrawn, p.reaction);
  });
  on('community:item-reviewed', (p) => {
    c.reviews.count++;
    if (p.passed) c.reviews.passed++;
  });
  on('community:rated', () => {
    c.ratings++;
  });
  // A group is created with its creator as the only member.
  on('community:group-changed', (p) => {
    if (p.change === 'created' || (p.change === 'joined' && p.size === 1)) bump(c.groups, p.kind);
  });
  on('community:group-goal', (p) => bump(c.goals, `${p.goal} ${p.outcome}`));
  on('community:item-moved', (p) => {
    if (!p.refused) bump(c.stages, `${p.track}/${p.to}`);
  });
  on('community:contest-closed', (p) => {
    const periods = Object.hasOwn(c.contests, p.contest) ? (c.contests[p.contest] as []) : [];
    const kept = [...periods, { period: p.period, winners: p.winners.map((w) => ({ ...w })) }];
    Object.defineProperty(c.contests, p.contest, {
      value: kept.slice(-CONTEST_PERIODS_KEPT),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  });
  on('community:digest-sent', () => {
    c.digests++;
  });
}
