import type { LocalizedText } from '@engageloop/core';

/** The calendar period a cap or budget counts over (in the user's time zone for caps, the policy's for budgets). */
export type CapPeriod = 'day' | 'week' | 'month' | 'year';

/** A wallet besides `points` (coupons, VIP days, a charity pot): its name and how its credits behave. */
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

/** One tier of the ladder (basic, advanced, core), from the score where it starts. */
export interface TierLevel {
  id: string;
  name?: LocalizedText;
  /** Score from which this tier applies. The first level should start at 0. */
  minScore: number;
  /** Benefits as data, e.g. `["early-access", "exclusive-community"]`. */
  benefits?: string[];
}

/** The tier ladder: its levels, how the score is computed, and how slowly users go down. */
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

/** A badge a policy declares: its display name, and its level names when it is levelled. */
export interface BadgeSettings {
  name?: LocalizedText;
  /** Levelled badge: level names, index 0 = level 1. One-off when omitted. */
  levels?: LocalizedText[];
  /**
   * What it is: a `badge` (default), a `title` shown with the user's name ("co-creator"), or a `perk`, an
   * entitlement the product honours (lifetime free trial, priority purchase). Read by `incentives.titles`,
   * `incentives.perks` and `incentives.honour`.
   */
  kind?: HonourKind;
  /** How long it is held once granted; lifetime when omitted. A grant while held renews it. */
  expires?: HonourExpiry;
}

/** What a badge declared in `settings.incentives.badges` is. */
export type HonourKind = 'badge' | 'title' | 'perk';

/**
 * When a granted badge, title or perk lapses: `afterDays` days after the grant, or at the end of the local
 * calendar period (`week`, `month`, `year`, in the user's time zone) the grant falls in.
 */
export type HonourExpiry = { afterDays: number } | { atEndOf: 'week' | 'month' | 'year' };

/**
 * A distinct counter 去重计数: counts distinct values of a key read from the event (a task id, the neighbour
 * helped), so a task submitted three times counts once; with `score` it keeps the best version per key.
 */
export interface DistinctSettings {
  name?: LocalizedText;
  /** Event types that submit to the counter. */
  events: string[];
  /** Where the event holds the key, e.g. `$.payload.taskId`. Events without one are not counted. */
  key: string;
  /** Where the event holds the submission's score, e.g. `$.payload.score`: the best per key is kept. */
  score?: string;
  /**
   * Bound on the keys kept per user (default 1000, at most 10 000). A full counter refuses new keys: it
   * never counts a key twice, and a milestone counting more keys than this is refused when the policy loads.
   */
  maxKeys?: number;
}

/**
 * A milestone ("your 20th help!"): reached when an action count, a streak's run or a distinct counter
 * (optionally only keys whose best score reaches `minScore`) reaches `threshold`; it may grant a badge and an award.
 */
export interface MilestoneSettings {
  id: string;
  name?: LocalizedText;
  /** Counts an action kind, the current run of a streak, or the distinct keys of a counter. */
  action?: string;
  streak?: string;
  distinct?: string;
  /** With `distinct`: only keys whose best score is at least this count. */
  minScore?: number;
  threshold: number;
  badge?: string;
  badgeLevel?: number;
  award?: { wallet: string; amount: number; reason?: string };
}

/** A multiplier on awards (double points for core members, a campaign week), limited by tier, rule, wallet and time. */
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

/** A streak of consecutive local days or weeks with an activity (daily check-ins), with optional freezes. */
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
   * `nothing-to-revoke`. Default: the plugin's `retentionDays` option (7).
   */
  revokeWindowDays?: number;
}

/** The incentives plugin's part of a policy (`settings.incentives`), after defaults. */
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
  /** Distinct counters by id (optional: none by default). */
  distinct?: Record<string, DistinctSettings>;
  /** `incentives.nextMilestone` reports milestones at most this many steps away as `close`. */
  nudgeWithin: number;
  /** The ledger's revoke window (optional: the plugin's `retentionDays` by default). */
  ledger?: LedgerSettings;
}
