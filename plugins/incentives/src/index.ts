/**
 * Tiered incentives: a points ledger with wallets, caps and budgets, multipliers, tiers with graceful
 * downgrades, badges, streaks and milestones, and the growth figures built on them.
 *
 * @module @engageloop/incentives
 */
import './events';
import './policy-types';

export type { AwardParams } from './effects/award';
export type { AdvanceStreakParams, GrantBadgeParams } from './effects/badge-streak';
export type { ConvertParams } from './effects/convert';
export type { RevokeParams } from './effects/revoke';
export type { RewardCapped, RewardGranted } from './events';
export { balanceOf, growthOf, growthSummary, ledgerOf, tierOf } from './growth-api';
export { walletBalance } from './ledger/balance';
export type { GrowthSummary } from './model/growth';
export type { StreakStep } from './model/streaks';
export { advanceStreak } from './model/streaks';
export type { TierReview } from './model/tiers';
export { reviewTier } from './model/tiers';
export { DEFAULT_REVOKE_WINDOW_DAYS, type IncentivesOptions } from './options';
export { INCENTIVES_VERSION, incentives } from './plugin';
export { defaultSettings, settingsSchema } from './settings';
export type {
  ActionSettings,
  BadgeSettings,
  BudgetSettings,
  CapPeriod,
  CapSettings,
  DistinctSettings,
  HonourExpiry,
  HonourKind,
  IncentivesSettings,
  LedgerSettings,
  MilestoneSettings,
  MultiplierSettings,
  StreakSettings,
  TierLevel,
  TierSettings,
  WalletSettings,
} from './settings-types';
export type {
  Contribution,
  DistinctKey,
  DistinctSubmission,
  EntryKind,
  FoldedAwards,
  HeldBadge,
  IncentivesState,
  LedgerEntry,
  OpeningBalance,
  StoredEntry,
  StreakState,
  TierState,
  WalletBalance,
} from './types';
