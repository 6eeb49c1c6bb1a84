/** A saved draft of a submission (review, proposal, task…). */
export interface Draft {
  id: string;
  kind: string | null;
  content: unknown;
  savedAt: number;
  updatedAt: number;
}

/** The best version of a task submitted many times. */
export interface BestVersion {
  taskId: string;
  eventId: string;
  score: number;
  at: number;
}

/** One recent action of the user, kept so it can be undone within the window. */
export interface ActionRecord {
  eventId: string;
  type: string;
  /** Event time (epoch ms). */
  at: number;
  clientKey: string | null;
  /** Dedupe keys of the replies this action queued (cancelled on undo if still unsent). */
  replies: string[];
  /** For a task submission that became the best: the best version it replaced (restored on undo). */
  bestBefore: { taskId: string; previous: BestVersion | null } | null;
  undone: boolean;
}

/**
 * What an undo request did: `undone` (within the window, compensated), `expired` (the undo window had passed),
 * `unknown` (no such action of this user) or `already-undone`.
 */
export type UndoStatus = 'undone' | 'expired' | 'unknown' | 'already-undone';

/** What the replies plugin knows about the event being dispatched (cleared after the rules). */
export interface CurrentDispatch {
  eventId: string;
  /** The subject replies are keyed by: the need id, else the client key (see `subjectFor`), else this event. */
  subject: string;
  /** The earlier event with the same client key, when this is a retry. */
  retryOf: string | null;
  /** Replies queued for this event so far. */
  replies: number;
  best: { taskId: string; score: number; isBest: boolean; improved: boolean; previous: number | null } | null;
  undo: { status: UndoStatus; eventId: string } | null;
}

/** The replies plugin's slice of a user's state. Lists only (no input-keyed objects). */
export interface RepliesState {
  drafts: Draft[];
  actions: ActionRecord[];
  clientKeys: Array<{ key: string; eventId: string }>;
  best: BestVersion[];
  /** `<subject>:<situation>` of every reply queued, so one (need, situation) is answered once. */
  sent: string[];
  current: CurrentDispatch | null;
}

export const initialState = (): RepliesState => ({
  drafts: [],
  actions: [],
  clientKeys: [],
  best: [],
  sent: [],
  current: null,
});

/**
 * The actions an undo can still reach at event time `time`, at most `max` of them (the last ones): those
 * inside the undo window (`at ≥ time − windowMs`), and those undone with a client key (a resubmission under
 * that key reads how often it was undone: see `subjectFor`). Older ones could only answer `expired`: an undo
 * naming one answers `unknown` once it is trimmed.
 */
export function undoableActions(
  actions: readonly ActionRecord[],
  time: number,
  windowMs: number,
  max: number,
): ActionRecord[] {
  const from = time - windowMs;
  return keepLast(
    actions.filter((a) => a.at >= from || (a.undone && a.clientKey !== null)),
    max,
  );
}

/** Keeps the last `max` items. */
export const keepLast = <T>(items: readonly T[], max: number): T[] =>
  items.length > max ? items.slice(items.length - max) : [...items];

/** Normalises a slice read from the store (older or partial shapes). */
export function sliceOf(value: unknown): RepliesState {
  const base = initialState();
  if (typeof value !== 'object' || value === null) return base;
  return { ...base, ...(value as Partial<RepliesState>) };
}

/** Dedupe key of a reply: one per (user, subject, situation). */
export const replyKey = (userId: string, subject: string, situation: string): string =>
  `reply:${userId}:${subject}:${situation}`;
