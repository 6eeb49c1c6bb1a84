import type { Policy, UserState } from '@engageloop/core';
import { ledgerEntry } from './ledger/stored-entry';
import { walletBalanceOf } from './ledger/wallets';
import { type GrowthSummary, growthSummary as summarise } from './model/growth';
import { initialState } from './model/state';
import { currentTierId } from './model/tiers';
import { resolveSettings } from './settings';
import type { IncentivesSettings } from './settings-types';
import type { IncentivesState, LedgerEntry, WalletBalance } from './types';

const sliceOf = (source: UserState | IncentivesState | undefined): IncentivesState => {
  if (!source) return initialState();
  if ('slices' in source) {
    const slice = Object.hasOwn(source.slices, 'incentives') ? source.slices.incentives : undefined;
    return (slice as IncentivesState | undefined) ?? initialState();
  }
  return source;
};

const toMs = (at: Date | number | string): number =>
  at instanceof Date ? at.getTime() : typeof at === 'number' ? at : Date.parse(at);

/**
 * The growth summary 成长报告 of a user (or of an incentives slice) at a given time:
 * actions by kind, badges, milestones, tier and tier history, streaks, earned and balances.
 *
 * @example
 * const summary = growthSummary(await engine.getUser('u1'), '2026-03-01T00:00:00Z');
 * summary.badges // [{ id: 'neighbourhood-expert', level: 1, at: '…' }]
 */
export function growthSummary(
  source: UserState | IncentivesState | undefined,
  at: Date | number | string,
): GrowthSummary {
  return summarise(sliceOf(source), toMs(at));
}

/** Alias of `growthSummary` reading a `UserState` as returned by `engine.getUser`. */
export const growthOf = (user: UserState | undefined, at: Date | number | string): GrowthSummary =>
  growthSummary(user, at);

/**
 * The balance of a wallet of a user (or slice) at a given time: available, pending, expired.
 *
 * @example
 * balanceOf(await engine.getUser('u1'), 'points', clock.now()).available
 */
export function balanceOf(
  source: UserState | IncentivesState | undefined,
  wallet: string,
  at: Date | number | string,
): WalletBalance {
  return walletBalanceOf(sliceOf(source), wallet, toMs(at));
}

/**
 * The ledger of a user (or of an incentives slice) as `LedgerEntry` values, in append order: each entry with its id
 * and reason, whether the slice keeps them or rebuilds them (see `StoredEntry`). Entries folded into a checkpoint
 * are not listed (their wallets' opening balances stand for them).
 *
 * @example
 * ledgerOf(await engine.getUser('u1')).map((e) => e.id) // ['e1:review:points', 'rev:e1:review:points']
 */
export const ledgerOf = (source: UserState | IncentivesState | undefined): LedgerEntry[] =>
  sliceOf(source).entries.map(ledgerEntry);

/**
 * The tier a user is in under a policy, as the engine sees it (what the `incentives.tier` fact answers):
 * the tier the last review assigned, else the policy's entry tier (its first level). A user the engine
 * has not reviewed yet, or does not know (`undefined`), is in the entry tier.
 *
 * @example
 * tierOf(await engine.getUser('u1'), engine.policy) // 'basic'
 */
export function tierOf(
  source: UserState | IncentivesState | undefined,
  policy: Pick<Policy, 'settings'>,
): string | null {
  const partial = Object.hasOwn(policy.settings, 'incentives') ? policy.settings.incentives : undefined;
  const settings = resolveSettings(partial as Partial<IncentivesSettings> | undefined);
  return currentTierId(sliceOf(source).tier, settings.tiers);
}
