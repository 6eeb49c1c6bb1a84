import { computeLoopFigures, type LoopFigures } from '@engageloop/needs';

/** Count per key. */
export type Counts = Record<string, number>;

/**
 * What a simulation did, as plain data (no classes, no Maps): the `simulate`, `report` and `diff`
 * commands all read this.
 */
export interface SimulationSummary {
  policy: { name: string | null; hash: string; rules: number };
  period: { from: string | null; to: string | null };
  events: {
    /** Input lines read (including invalid ones). */
    lines: number;
    dispatched: number;
    applied: number;
    duplicate: number;
    failed: number;
    invalid: number;
    /** Lines outside `--from`/`--to`. */
    outOfRange: number;
    timersFired: number;
    users: number;
    byType: Counts;
  };
  /** Times each rule fired. */
  rules: Counts;
  rewards: {
    /** Per wallet: grants and amount credited. */
    byWallet: Record<string, { grants: number; amount: number }>;
    revoked: Counts;
    converted: Counts;
    badges: Counts;
    milestones: Counts;
    streaksBroken: number;
  };
  points: {
    /** Amount credited to the `points` wallet. */
    issued: number;
    /** Requested before caps and budgets, including awards they blocked entirely (requested − issued = held back). */
    requested: number;
    /** Per UTC day (YYYY-MM-DD): points credited. */
    byDay: Counts;
    /** Per cap or budget id: its limit and how often it held rewards back. */
    caps: Record<
      string,
      { kind: 'cap' | 'budget'; period: string | null; max: number | null; hits: number; withheld: number }
    >;
  };
  tiers: { distribution: Counts; up: number; down: number; warnings: number };
  messages: { queued: number; dropped: number; byKind: Counts; byTopic: Counts };
  /** Reply messages (kind `reply`) by topic (the situation: ack, angry, declined, fallback…). */
  replies: Counts;
  care: { byTrigger: Counts; byChannel: Counts; scheduled: number; cancelled: number };
  /** Final lifecycle stage of each user. */
  stages: Counts;
  /**
   * Loop-closure figures of the need items the run stored (`need.captured` … `need.status`), exactly as
   * core's `loopFigures(store)` computes them: counts, shares 0–1 and times in ms (null when undefined).
   */
  loop: LoopFigures;
  /** What the community plugin did (empty when the policy does not use it). */
  community: CommunityFigures;
  /** Failed dispatches by error code. */
  errors: Counts;
}

/** One contest period's winners: rank, the ranked entry (item, group or user id) and its value. */
export interface ContestPeriod {
  period: string;
  winners: Array<{ rank: number; entry: string; value: number }>;
}

/** The community plugin's figures: items, reactions, reviews, groups and their goals, tracks, contests. */
export interface CommunityFigures {
  /** Items created, by kind. */
  items: Counts;
  /** Net reactions by kind (`like`, `vote:yes`…): given minus withdrawn. */
  reactions: Counts;
  /** Reactions withdrawn, by kind. */
  withdrawn: Counts;
  reviews: { count: number; passed: number };
  ratings: number;
  /** Groups created, by kind. */
  groups: Counts;
  /** Group goals by `goal outcome` (`buy completed`, `challenge failed`…). */
  goals: Counts;
  /** Items that entered each stage, by `track/stage`; moves a track refused are not counted. */
  stages: Counts;
  /** Per contest id: each closed period with its winners (the latest `CONTEST_PERIODS_KEPT`). */
  contests: Record<string, ContestPeriod[]>;
  digests: number;
}

/** Closed periods kept per contest in a summary (a year of weeks). */
export const CONTEST_PERIODS_KEPT = 53;

/** An empty summary. */
export function emptySummary(policy: SimulationSummary['policy']): SimulationSummary {
  return {
    policy,
    period: { from: null, to: null },
    events: {
      lines: 0,
      dispatched: 0,
      applied: 0,
      duplicate: 0,
      failed: 0,
      invalid: 0,
      outOfRange: 0,
      timersFired: 0,
      users: 0,
      byType: {},
    },
    rules: {},
    rewards: { byWallet: {}, revoked: {}, converted: {}, badges: {}, milestones: {}, streaksBroken: 0 },
    points: { issued: 0, requested: 0, byDay: {}, caps: {} },
    tiers: { distribution: {}, up: 0, down: 0, warnings: 0 },
    messages: { queued: 0, dropped: 0, byKind: {}, byTopic: {} },
    replies: {},
    care: { byTrigger: {}, byChannel: {}, scheduled: 0, cancelled: 0 },
    stages: {},
    loop: computeLoopFigures([]).total,
    community: {
      items: {},
      reactions: {},
      withdrawn: {},
      reviews: { count: 0, passed: 0 },
      ratings: 0,
      groups: {},
      goals: {},
      stages: {},
      contests: {},
      digests: 0,
    },
    errors: {},
  };
}

/** Adds `by` to `counts[key]` (keys from input are data: no prototype lookups). */
export function bump(counts: Counts, key: string, by = 1): void {
  // An own data property is set in place (even `__proto__`: an own property shadows the accessor); only a new
  // key is defined, which also keeps `__proto__` from reaching `Object.prototype`'s setter.
  if (Object.hasOwn(counts, key)) {
    counts[key] = (counts[key] as number) + by;
    return;
  }
  Object.defineProperty(counts, key, {
    value: by,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}
