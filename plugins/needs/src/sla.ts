import { addBusinessTime } from './business-hours';
import { type NeedsSettings, parseDuration, type SlaRule } from './settings';
import type { NeedKind, NeedUrgency, SlaDeadline } from './types';

/** The event type a fired SLA timer dispatches. */
export const SLA_DUE_EVENT = 'need.sla-due';

/** The timer id of a need's deadline (stable: re-scheduling re-arms it). */
export const slaTimerId = (needId: string, deadline: SlaDeadline): string => `need:${needId}:sla:${deadline}`;

/** The first SLA line matching the need's kind and urgency, if any. */
export function slaRuleFor(
  sla: readonly SlaRule[],
  kind: NeedKind,
  urgency: NeedUrgency,
): SlaRule | undefined {
  return sla.find(
    (rule) =>
      (rule.kinds === undefined || rule.kinds.includes(kind)) &&
      (rule.urgencies === undefined || rule.urgencies.includes(urgency)),
  );
}

/** Adds a duration to `from`, counting business time only when the policy sets opening hours. */
export function deadlineAfter(
  from: number,
  within: string | undefined,
  settings: Pick<NeedsSettings, 'businessHours'>,
  defaultZone: string,
): number | null {
  if (within === undefined) return null;
  const ms = parseDuration(within);
  if (!Number.isFinite(ms)) return null;
  const hours = settings.businessHours;
  if (!hours) return from + ms;
  const due = addBusinessTime(from, ms, hours, hours.timezone ?? defaultZone);
  return Number.isFinite(due) ? due : null;
}

/** Both deadlines of a need captured at `at`. */
export function deadlinesFor(
  kind: NeedKind,
  urgency: NeedUrgency,
  at: number,
  settings: Pick<NeedsSettings, 'businessHours' | 'sla'>,
  defaultZone: string,
): { acknowledgeDueAt: number | null; resolveDueAt: number | null } {
  const rule = slaRuleFor(settings.sla, kind, urgency);
  return {
    acknowledgeDueAt: deadlineAfter(at, rule?.acknowledgeWithin, settings, defaultZone),
    resolveDueAt: deadlineAfter(at, rule?.resolveWithin, settings, defaultZone),
  };
}
