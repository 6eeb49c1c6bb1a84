/** The kinds of need a user can voice (domain: feedback, suggestion, complaint, question, bug, review, proposal). */
export const NEED_KINDS = [
  'feedback',
  'suggestion',
  'complaint',
  'question',
  'bug',
  'review',
  'proposal',
] as const;
/** A kind of need: `feedback`, `suggestion`, `complaint`, `question`, `bug`, `review` or `proposal`. */
export type NeedKind = (typeof NEED_KINDS)[number];

/** How urgent a need is, from `low` to `urgent`; urgency picks the need's SLA deadlines. */
export const NEED_URGENCIES = ['low', 'normal', 'high', 'urgent'] as const;
/** One of `NEED_URGENCIES`. */
export type NeedUrgency = (typeof NEED_URGENCIES)[number];

/** Statuses of a need item; the allowed moves are in `NEED_TRANSITIONS`. */
export const NEED_STATUSES = [
  'captured',
  'acknowledged',
  'planned',
  'in-progress',
  'adopted',
  'declined',
  'duplicate',
  'closed',
] as const;
/** One of `NEED_STATUSES`: where a need item is in the closed loop, from `captured` to `closed`. */
export type NeedStatus = (typeof NEED_STATUSES)[number];

/** Outcomes that notify supporters: `shipped` is `closed` after `adopted`. */
export type NeedOutcome = 'adopted' | 'declined' | 'shipped';

/** Which SLA deadline of a need item: to acknowledge it, or to resolve it (a decision told to the user). */
export type SlaDeadline = 'acknowledge' | 'resolve';

/** One status change in a need item's history: from, to, when, by whom and why. */
export interface NeedTransition {
  from: NeedStatus;
  to: NeedStatus;
  /** Epoch ms (event time). */
  at: number;
  /** Who changed it: the staff user id, or `rule:<ruleId>` for a rule effect. */
  by: string;
  reason?: string;
}

/** A need item, stored as the shared document `need:<id>`. */
export interface NeedDoc {
  id: string;
  kind: NeedKind;
  channel: string;
  text: string;
  tags: string[];
  urgency: NeedUrgency;
  /** The user who voiced it first. */
  userId: string;
  /** Everyone who voiced it (author first), without repeats. */
  supporters: string[];
  /** The author's segment (the user attribute named by `settings.needs.segmentAttribute`), if any. */
  segment: string | null;
  status: NeedStatus;
  /** Epoch ms of capture and of the first acknowledgement, decision and closing. */
  createdAt: number;
  acknowledgedAt: number | null;
  decidedAt: number | null;
  closedAt: number | null;
  /** adopted | declined | duplicate, once decided. */
  outcome: 'adopted' | 'declined' | 'duplicate' | null;
  mergedInto: string | null;
  /** Staff assessment, 1 (low) … 5 (high); null = not assessed yet. */
  assessment: { importance: number | null; difficulty: number | null; impact: number | null };
  /** Authenticity inputs captured when the need was voiced. */
  signals: { accountAgeDays: number; pastAdopted: number; sentiment: number | null; reports: number };
  sla: {
    acknowledgeDueAt: number | null;
    resolveDueAt: number | null;
    breached: SlaDeadline[];
  };
  escalations: Array<{ at: number; level: number; to: string | null; by: string }>;
  history: NeedTransition[];
  /** `<outcome>:<userId>` for every supporter told an outcome; nobody is told the same outcome twice. */
  notified: string[];
}

/** The needs plugin's slice of a user's state. */
export interface NeedsSlice {
  /** Needs this user voiced (new or as a supporter). */
  voiced: number;
  /** Needs this user voiced that were adopted (credited by the `need.credited` timer event). */
  adopted: number;
}

/** Params of `needs.open`. */
export interface OpenNeedParams {
  /** The kind of need the event is: a review, a complaint, a suggestion, a question, a proposal… */
  kind: NeedKind;
  /** Default `normal`; `urgencyPath` reads it from the event instead (an unknown value falls back to this). */
  urgency?: NeedUrgency;
  urgencyPath?: string;
  /** Where the event holds the text (default `$.payload.text`). */
  textPath?: string;
  tags?: string[];
}
