import type { Counts } from '../summary';
import type { PolicyRun } from './run';

/** A number in the old and the new policy. */
export interface Change {
  old: number;
  new: number;
  delta: number;
}

/** What changes when the new policy replaces the old one on the same events. */
export interface PolicyDiff {
  cost: { points: Change; wallets: Record<string, Change>; badges: Change };
  /** Users whose final tier differs. */
  tierChanges: Array<{ userId: string; old: string; new: string }>;
  tierDistribution: Record<string, Change>;
  /** Messages per `kind · topic`: only keys whose count changed. */
  messages: Record<string, Change>;
  /** Times each rule fired: only rules whose count changed (0 when absent from a policy). */
  rules: Record<string, Change>;
}

const change = (a: number, b: number): Change => ({ old: a, new: b, delta: b - a });
const val = (c: Counts, k: string): number => (Object.hasOwn(c, k) ? (c[k] ?? 0) : 0);

function compareCounts(a: Counts, b: Counts, onlyChanged: boolean): Record<string, Change> {
  const out: Record<string, Change> = Object.create(null);
  for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
    const c = change(val(a, key), val(b, key));
    if (!onlyChanged || c.delta !== 0) out[key] = c;
  }
  return out;
}

const sum = (c: Counts): number => Object.values(c).reduce((x, y) => x + y, 0);

/**
 * Compares two runs of the same events. Pure: same inputs, same diff.
 *
 * @example
 * const d = diffRuns(oldRun, newRun); d.cost.points.delta // extra points the new policy issues
 */
export function diffRuns(old: PolicyRun, next: PolicyRun): PolicyDiff {
  const wallets = (r: PolicyRun): Counts => {
    const out: Counts = Object.create(null);
    for (const [w, v] of Object.entries(r.summary.rewards.byWallet)) out[w] = v.amount;
    return out;
  };
  const tierChanges: PolicyDiff['tierChanges'] = [];
  const users = new Set([...Object.keys(old.series.userTiers), ...Object.keys(next.series.userTiers)]);
  for (const userId of [...users].sort()) {
    const a = Object.hasOwn(old.series.userTiers, userId) ? old.series.userTiers[userId] : undefined;
    const b = Object.hasOwn(next.series.userTiers, userId) ? next.series.userTiers[userId] : undefined;
    if (a !== b) tierChanges.push({ userId, old: a ?? '(none)', new: b ?? '(none)' });
  }
  return {
    cost: {
      points: change(old.summary.points.issued, next.summary.points.issued),
      wallets: compareCounts(wallets(old), wallets(next), false),
      badges: change(sum(old.summary.rewards.badges), sum(next.summary.rewards.badges)),
    },
    tierChanges,
    tierDistribution: compareCounts(old.summary.tiers.distribution, next.summary.tiers.distribution, false),
    messages: compareCounts(old.series.messagesByKey, next.series.messagesByKey, true),
    rules: compareCounts(old.summary.rules, next.summary.rules, true),
  };
}
