import type { LocalizedText } from '@engageloop/core';

/** How a ledger entry came about. */
export type EntryKind = 'award' | 'revoke' | 'convert';

/**
 * One change of a wallet. Entries are never edited or deleted (only folded into the wallet's checkpoint
 * once they are older than the revoke window); a reversal is a new entry with `reverses`.
 */
export interface LedgerEntry {
  /** Deterministic: `<eventId>:<ruleId>:<wallet>` (award/convert), `rev:<originalId>` (revoke). */
  id: string;
  kind: EntryKind;
  eventId: string;
  ruleId: string;
  wallet: string;
  /** Positive credits, negative debits. */
  amount: number;
  reason: string;
  /** Epoch ms of the event that caused it. */
  at: number;
  /** Epoch ms after which the unspent rest of this credit expires. */
  expiresAt?: number;
  /** Epoch ms before which this credit is pending (not spendable). */
  availableAt?: number;
  /** Id of the entry this one reverses. */
  reverses?: string;
}

/**
 * A ledger entry as the slice keeps it: a `LedgerEntry` without what its other fields rebuild. `id` is left out
 * when it is the deterministic one (`rev:<reverses>` for a reversal, else `<eventId>:<ruleId>:<wallet>`), `reason`
 * when it is the default one (an award's rule id, `revoke <reverses>` for a reversal): about a fifth of an entry's
 * JSON, and its one string of its own on the heap. A full `LedgerEntry` (what earlier versions wrote) is one too.
 * `ledgerOf` reads a slice's entries as `LedgerEntry` values.
 */
export type StoredEntry = Omit<LedgerEntry, 'id' | 'reason'> & { id?: string; reason?: string };

/** Balances of one wallet at an instant, derived from its entries. */
export interface WalletBalance {
  wallet: string;
  /** Spendable now (may be negative only for wallets that allow it). */
  available: number;
  /** Credited but not yet spendable. */
  pending: number;
  /** Credits that expired unspent. */
  expired: number;
  /** available + pending + expired = the sum of all entries (plus the compacted opening). */
  total: number;
}

/**
 * A wallet's checkpoint: an opening balance that replaces the entries folded out of the ledger (those past
 * the revoke window), with what balances, the growth summary and the tier score still read of them.
 */
export interface OpeningBalance {
  /** Unspent credits still able to expire or become available, as lots. */
  lots: Array<{ amount: number; expiresAt?: number; availableAt?: number }>;
  /** Negative part already spent beyond zero (wallets allowing negative balances). */
  deficit: number;
  expired: number;
  /** Net points earned (awards minus their reversals) before compaction, for growth summaries. */
  earned: number;
  /**
   * The folded awards of the tier score's wallet that can still be inside the score window, each
   * `[at, amount net of reversals]`, in time order (absent when none): the score and the moment it drops
   * read them like entries. Dropped once they leave the window. A checkpoint written by an earlier version has none
   * (it folded only entries older than the score window): it loads as it is. See `FoldedAwards` for the layout.
   */
  recent?: FoldedAwards;
}

/**
 * A checkpoint's folded awards as stored: one flat list `[Δat, amount, Δat, amount, …]`, each Δat the award's
 * epoch ms less the previous award's (the first one's from 0); or, as earlier versions wrote them (and still
 * written when a time would not read back exactly), `[at, amount]` pairs. Both read the same.
 */
export type FoldedAwards = number[] | Array<[number, number]>;

/** A user's tier, and the bookkeeping of a pending downgrade (grace period, warning, review timer). */
export interface TierState {
  /** The tier's id (a level of `settings.incentives.tiers.levels`). */
  id: string;
  /** Epoch ms since the user is in this tier. */
  since: number;
  /** Epoch ms since the score has been continuously below this tier's threshold. */
  belowSince?: number;
  /** Epoch ms when the pending downgrade takes effect. */
  downgradeAt?: number;
  /** The warning for the pending downgrade was emitted. */
  warned?: boolean;
  /**
   * When the armed review timer fires: the review the tier needs next, or an earlier one still armed (a timer is
   * re-armed only for an earlier review, or once fired; one firing early reviews, changes nothing, arms the next).
   */
  reviewAt?: number;
  /** Epoch ms of the last review whose inputs were all at or before its time. */
  checkedAt?: number;
  /**
   * A token of what that review read (the score's inputs, the tier settings), and for a points score the score it
   * computed (see `tierInputs`): a review of the same inputs from `checkedAt` until `reviewAt` would change nothing,
   * and is skipped, as is one whose score, bounded by that one plus the awards appended since, stays below the next
   * level with nothing pending (the tier then left as it is). A number is a 32-bit token a document kept from
   * before, and the points inputs of an earlier layout hold no score: they match no input, so the next review runs
   * (and leaves the values).
   */
  inputs?: Array<string | number> | number;
  /**
   * Epoch ms a review timer fired at with no review (`tiers.auto: false`, no rule reviewed), as earlier versions
   * kept it to arm the next review after it. No longer written nor read: a timer armed again at the time it fired
   * at runs (its event has a new generation in the core). A document that holds it stays readable, and the next
   * review leaves it out.
   *
   * @deprecated Kept so documents written by earlier versions type-check.
   */
  firedAt?: number;
}

/** A badge, title or perk held: its level, when granted, and when it lapses (absent: lifetime). */
export interface HeldBadge {
  level: number;
  at: number;
  until?: number;
}

/** A user's run of one streak: its length, its best, and the freezes it used. */
export interface StreakState {
  /** Current run length in periods. */
  count: number;
  /** Local period number (day or ISO week since epoch) of the last advance. */
  last: number;
  best: number;
  /** Freezes used in the current run. */
  frozen: number;
}

/** The incentives slice kept per user. Compact: old cap usage and activity are pruned. */
export interface IncentivesState {
  /** The ledger, in append order (see `StoredEntry`; `ledgerOf` reads it as `LedgerEntry` values). */
  entries: StoredEntry[];
  opening: Record<string, OpeningBalance>;
  /** Cap usage by `<capId>|<periodKey>`: amount granted and latest event time. */
  usage: Record<string, { n: number; at: number }>;
  tier: TierState | null;
  tierHistory: Array<{ tier: string; at: number }>;
  /** Badges, titles and perks held: level, epoch ms granted, and (time-bound ones) epoch ms they lapse at. */
  badges: Record<string, HeldBadge>;
  streaks: Record<string, StreakState>;
  /** Lifetime count of actions by kind. */
  actions: Record<string, number>;
  /** Recent activity for weighted scores: `[localDay, kind, count]`, pruned beyond the score window. */
  activity: Array<[number, string, number]>;
  /** Milestone id → epoch ms when reached. */
  milestones: Record<string, number>;
  /** Distinct counters (`settings.incentives.distinct`): counter id → its keys. Absent until one counts. */
  distinct?: Record<string, DistinctKey[]>;
  /**
   * What recent events contributed besides points (action kinds, distinct submissions, badges, milestones),
   * so a revoke with `scope: "event"` can take it back. Kept for the revoke window, at most 100 events, and only
   * when the policy can take an event back (the replies plugin installed, or a rule revoking with scope `event`).
   */
  recent?: Contribution[];
}

/** One submission counted under a distinct key: the event, its score (null when the counter has none) and time. */
export interface DistinctSubmission {
  eventId: string;
  score: number | null;
  at: number;
}

/** A distinct key of a counter (a task id, a helped neighbour) and its best submissions (at most 8, time order). */
export interface DistinctKey {
  key: string;
  subs: DistinctSubmission[];
}

/** What one event contributed besides points (read by `incentives.revoke` with `scope: "event"`). */
export interface Contribution {
  eventId: string;
  at: number;
  /** Action kinds it counted. */
  actions: string[];
  /** Distinct counters it submitted to. */
  distinct: string[];
  /**
   * Badges it granted: `[badge, level, previousLevel]`, and for a renewal of a time-bound one
   * `[badge, level, level, previousUntil]`.
   */
  badges: Array<[string, number, number, number?]>;
  /** Milestones it reached. */
  milestones: string[];
  /**
   * Streaks it hit (advanced, or met in a period already counted), each with the streak's state before it (null:
   * none yet), so an undo can recompute the streak from the events that remain. Absent when it hit none.
   */
  streaks?: Array<[string, StreakState | null]>;
}

export type TimeZoneName = string;
export type Text = LocalizedText;
