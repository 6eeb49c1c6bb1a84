import { assertTransition, DECIDED } from './transitions';
import type { NeedDoc, NeedKind, NeedOutcome, NeedStatus, NeedUrgency, SlaDeadline } from './types';

/** The store key of a need item. */
export const needKey = (needId: string): string => `need:${needId}`;

export interface NewNeed {
  id: string;
  kind: NeedKind;
  channel: string;
  text: string;
  tags: string[];
  urgency: NeedUrgency;
  userId: string;
  segment: string | null;
  at: number;
  signals: { accountAgeDays: number; pastAdopted: number; sentiment: number | null };
  deadlines: { acknowledgeDueAt: number | null; resolveDueAt: number | null };
}

/** A freshly captured need. */
export function createNeed(input: NewNeed): NeedDoc {
  return {
    id: input.id,
    kind: input.kind,
    channel: input.channel,
    text: input.text,
    tags: [...new Set(input.tags)],
    urgency: input.urgency,
    userId: input.userId,
    supporters: [input.userId],
    segment: input.segment,
    status: 'captured',
    createdAt: input.at,
    acknowledgedAt: null,
    decidedAt: null,
    closedAt: null,
    outcome: null,
    mergedInto: null,
    assessment: { importance: null, difficulty: null, impact: null },
    signals: { ...input.signals, reports: 0 },
    sla: { ...input.deadlines, breached: [] },
    escalations: [],
    history: [],
    notified: [],
  };
}

/** Adds supporters (users voicing the same need); each counts once, and each new one is a corroborating report. */
export function addSupporters(need: NeedDoc, userIds: readonly string[]): NeedDoc {
  const added = userIds.filter((u, i) => !need.supporters.includes(u) && userIds.indexOf(u) === i);
  if (added.length === 0) return need;
  return {
    ...need,
    supporters: [...need.supporters, ...added],
    signals: { ...need.signals, reports: need.signals.reports + added.length },
  };
}

/** Marks a deadline breached (once). */
export function markBreached(need: NeedDoc, deadline: SlaDeadline): NeedDoc {
  if (need.sla.breached.includes(deadline)) return need;
  return { ...need, sla: { ...need.sla, breached: [...need.sla.breached, deadline] } };
}

/** Deadlines that this move meets (so their timers can be cancelled) or misses late (breach at `at`). */
export function deadlinesSettled(need: NeedDoc, to: NeedStatus): SlaDeadline[] {
  const out: SlaDeadline[] = [];
  if (need.status === 'captured' && to !== 'captured') out.push('acknowledge');
  if (!DECIDED.has(need.status) && DECIDED.has(to)) out.push('resolve');
  return out;
}

/**
 * Moves a need to `to` (throws `NEED_TRANSITION_ILLEGAL` when the table does not allow it) and records
 * the first acknowledgement, decision and closing times. Deadlines settled after they were due are marked breached.
 */
export function applyTransition(
  need: NeedDoc,
  to: NeedStatus,
  change: { at: number; by: string; reason?: string; mergeInto?: string },
): NeedDoc {
  assertTransition(need.id, need.status, to);
  let next: NeedDoc = {
    ...need,
    status: to,
    history: [
      ...need.history,
      {
        from: need.status,
        to,
        at: change.at,
        by: change.by,
        ...(change.reason ? { reason: change.reason } : {}),
      },
    ],
  };
  if (need.status === 'captured') next.acknowledgedAt = change.at;
  if (to === 'adopted' || to === 'declined' || to === 'duplicate') {
    next.decidedAt ??= change.at;
    next.outcome = to;
  }
  if (to === 'duplicate') next.mergedInto = change.mergeInto ?? null;
  if (to === 'closed') next.closedAt = change.at;
  for (const deadline of deadlinesSettled(need, to)) {
    const due = deadline === 'acknowledge' ? need.sla.acknowledgeDueAt : need.sla.resolveDueAt;
    if (due !== null && change.at > due) next = markBreached(next, deadline);
  }
  return next;
}

/** The outcome a move announces to supporters, if any. */
export function outcomeOf(from: NeedStatus, to: NeedStatus, need: NeedDoc): NeedOutcome | null {
  if (to === 'adopted') return 'adopted';
  if (to === 'declined') return 'declined';
  if (to === 'closed' && from === 'adopted' && need.outcome === 'adopted') return 'shipped';
  return null;
}

/**
 * Supporters to tell about `outcome`: everyone not told yet, except `exclude` (the staff member who
 * changed the status). Returns them and the need with them recorded in `notified`.
 */
export function pendingNotices(
  need: NeedDoc,
  outcome: NeedOutcome,
  exclude: string,
): { recipients: string[]; need: NeedDoc } {
  const recipients = need.supporters.filter(
    (u) => u !== exclude && !need.notified.includes(`${outcome}:${u}`),
  );
  if (recipients.length === 0) return { recipients, need };
  return {
    recipients,
    need: { ...need, notified: [...need.notified, ...recipients.map((u) => `${outcome}:${u}`)] },
  };
}
