import { earnedIn, walletBalanceOf } from '../ledger/wallets';
import type { IncentivesState } from '../types';

/** A user's growth: what they did, earned and became (成长报告). */
export interface GrowthSummary {
  /** Lifetime actions by kind. */
  actions: Record<string, number>;
  badges: Array<{ id: string; level: number; at: string }>;
  milestones: Array<{ id: string; at: string }>;
  tier: string | null;
  tierHistory: Array<{ tier: string; at: string }>;
  streaks: Record<string, { count: number; best: number }>;
  /** Net earned per wallet (awards minus their reversals), lifetime. */
  earned: Record<string, number>;
  /** Balances per wallet at the summary time. */
  balances: Record<string, { available: number; pending: number; expired: number }>;
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Builds the growth summary of an incentives slice at time `t` (epoch ms).
 *
 * @example
 * const user = await engine.getUser('u1');
 * growthSummary(user.slices.incentives as IncentivesState, Date.now()).badges
 */
export function growthSummary(state: IncentivesState, t: number): GrowthSummary {
  const wallets = new Set([...state.entries.map((e) => e.wallet), ...Object.keys(state.opening)]);
  const earned: Record<string, number> = {};
  const balances: GrowthSummary['balances'] = {};
  for (const wallet of [...wallets].sort()) {
    earned[wallet] = earnedIn(state.entries, wallet, t) + (state.opening[wallet]?.earned ?? 0);
    const { available, pending, expired } = walletBalanceOf(state, wallet, t);
    balances[wallet] = { available, pending, expired };
  }
  return {
    actions: { ...state.actions },
    badges: Object.entries(state.badges).map(([id, b]) => ({ id, level: b.level, at: iso(b.at) })),
    milestones: Object.entries(state.milestones).map(([id, at]) => ({ id, at: iso(at) })),
    tier: state.tier?.id ?? null,
    tierHistory: state.tierHistory.map((h) => ({ tier: h.tier, at: iso(h.at) })),
    streaks: Object.fromEntries(
      Object.entries(state.streaks).map(([id, s]) => [id, { count: s.count, best: s.best }]),
    ),
    earned,
    balances,
  };
}
