import type { LocalizedText } from '@engageloop/core';

export type CapPeriod = 'day' | 'week' | 'month' | 'year';

export interface WalletSettings {
  description?: LocalizedText;
  /** A debit (convert, revoke) may take the balance below zero. Default false. */
  allowNegative?: boolean;
  /** Default validity of credits, in days (none: never expire). */
  validForDays?: number;
  /** Default pending period of credits, in days. */
  pendingDays?: number;
}

/** Per user, per rule (or any rule when omitted), per wallet, per period, in the user's time zone. */
export interface CapSettings {
  id: string;
  rules?: string[];
  wallet?: string;
  period: CapPeriod;
  max: number;
}

/** A global budget shared by all users, per period in the policy's default time zone. */
export interface BudgetSettings {
  id: string;
  rules?: string[];
  wallet?: string;
  period: CapPeriod;
  max: number;
}

export interface TierLevel {
  id: string;
  name?: LocalizedText;
  /** Score from which this tier applies. The first level should start at 0. */
  minScore: number;
  /** Benefits as data, e.g. `["early-access", "exclusive-community"]`. */
  benefits?: string[];
}

export interface TierSettings {
  /** Ordered from lowest to highest. */
  levels: TierLevel[];
  score: {
    /** `points`: net points earned in `wallet` in the window; `actions`: weighted count of actions. */
    source: 'points' | 'actions';
    wallet?: string;
    windowDays: number;
    /** Weights per action kind (source `actions`); missing kinds weigh 1. */
    weights?: Record<string, number>;
  };
  downgrade: {
    /** `one-tier`: one level down per review; `to-score`: straight to the tier the score supports. */
    mode: 'one-tier' | 'to-score';
    graceDays: number;
    /** `tier:will-downgrade` is emitted this many days before the downgrade. */
    warnDays: number;
  };
  /** Re-evaluate the tier automatically after the action stage of every dispatch. Default true. */
  auto?: boolean;
}

/** Maps event types to action kinds that are counted (milestones, growth, weighted scores). */
export interface ActionSettings {
  events: string[];
  name?: LocalizedText;
}

export interface BadgeSettings {
  name?: LocalizedText;
  /** Levelled badge: level names, index 0 = level 1. One-off when omitted. */
  levels?: LocalizedText[];
}

export interface MilestoneSettings {
  id: string;
  name?: LocalizedText;
  /** Counts an action kind, or the current run of a streak. */
  action?: string;
  streak?: string;
  threshold: number;
  badge?: string;
  badgeLevel?: number;
  award?: { wallet: string; amount: number; reason?: string };
}

export interface MultiplierSettings {
  id: string;
  factor: number;
  /** Applies only to users in one of these tiers. */
  tiers?: string[];
  rules?: string[];
  wallets?: string[];
  /** Time-boxed campaign, ISO date-times (event time). */
  from?: string;
  to?: string;
}

export interface StreakSettings {
  period: 'day' | 'week';
  /** Missed periods a run may bridge (streak freeze). Default 0. */
  freezes?: number;
}

/** How long the ledger keeps entries in full (older ones fold into each wallet's checkpoint). */
export interface LedgerSettings {
  /**
   * Awards can be reversed (`incentives.revoke`, an undo's or a better task version's compensation) up to
   * this many days after they were made, counted in event time from the event being dispatched. Older
   * entries fold into the wallet's checkpoint (opening balance) and a revoke naming them reports
   * `nothing-to-revoke`. Default: the plugin's `retentionDays` option (400).
   */
  revokeWindowDays?: number;
}

export interface IncentivesSettings {
  wallets: Record<string, WalletSettings>;
  caps: CapSettings[];
  budgets: BudgetSettings[];
  tiers: TierSettings;
  actions: Record<string, ActionSettings>;
  badges: Record<string, BadgeSettings>;
  milestones: MilestoneSettings[];
  multipliers: MultiplierSettings[];
  streaks: Record<string, StreakSettings>;
  /** `incentives.nextMilestone` reports milestones at most this many steps away as `close`. */
  nudgeWithin: number;
  /** The ledger's revoke window (optional: the plugin's `retentionDays` by default). */
  ledger?: LedgerSettings;
}
