import { resolvePath, type UserState } from '@engageloop/core';
import type { PolicyRun, RunStep } from '../run/types';
import { asRecord, configures, defineInvariant, pluginSettings } from './define';
import { keysHeld } from './distinct';

/** A milestone of counts (an action kind or a distinct counter), read defensively. */
interface CountMilestone {
  id: string;
  threshold: number;
  action?: string;
  distinct?: string;
  minScore?: number;
  badge?: string;
}

function milestonesOf(run: Pick<PolicyRun, 'policy' | 'registry'>): CountMilestone[] {
  const list = pluginSettings(run.policy, run.registry, 'incentives')?.milestones;
  if (!Array.isArray(list)) return [];
  return list.flatMap((m) => {
    const r = asRecord(m);
    if (!r || typeof r.id !== 'string' || typeof r.threshold !== 'number') return [];
    const out: CountMilestone = { id: r.id, threshold: r.threshold };
    if (typeof r.badge === 'string') out.badge = r.badge;
    if (typeof r.action === 'string') out.action = r.action;
    else if (typeof r.distinct === 'string') {
      out.distinct = r.distinct;
      if (typeof r.minScore === 'number') out.minScore = r.minScore;
    } else return [];
    return [out];
  });
}

/** The count a milestone reads from a user's slice. */
function progress(user: UserState | undefined, m: CountMilestone): number {
  const slice = asRecord(user?.slices.incentives);
  if (m.action !== undefined) {
    const actions = asRecord(slice?.actions);
    const n = actions && Object.hasOwn(actions, m.action) ? actions[m.action] : 0;
    return typeof n === 'number' ? n : 0;
  }
  const distinct = asRecord(slice?.distinct);
  const keys = distinct && Object.hasOwn(distinct, m.distinct ?? '') ? distinct[m.distinct ?? ''] : [];
  if (!Array.isArray(keys)) return 0;
  if (m.minScore === undefined) return keysHeld(user, m.distinct ?? '').length;
  return keys.filter((k) => {
    const subs = asRecord(k)?.subs;
    const best = Array.isArray(subs)
      ? Math.max(
          ...subs.map((s) =>
            typeof asRecord(s)?.score === 'number' ? (asRecord(s)?.score as number) : -Infinity,
          ),
        )
      : -Infinity;
    return best >= (m.minScore ?? 0);
  }).length;
}

/** The incentives plugin's default revoke window (its `DEFAULT_REVOKE_WINDOW_DAYS`), in days. */
const DEFAULT_REVOKE_WINDOW_DAYS = 7;

/**
 * Whether the target event is still inside the policy's revoke window at the undo's time: past it, the
 * target's ledger entries and contribution record are folded and the documented result is `nothing-to-revoke`.
 */
function withinRevokeWindow(run: PolicyRun, target: string, undoAt: number): boolean {
  const days = asRecord(pluginSettings(run.policy, run.registry, 'incentives')?.ledger)?.revokeWindowDays;
  const window = (typeof days === 'number' ? days : DEFAULT_REVOKE_WINDOW_DAYS) * 86_400_000;
  const causeAt = run.eventTimes.get(target);
  return causeAt === undefined || undoAt - causeAt <= window;
}

const held = (user: UserState | undefined, part: 'milestones' | 'badges', id: string): boolean => {
  const record = asRecord(asRecord(user?.slices.incentives)?.[part]);
  return record !== undefined && Object.hasOwn(record, id);
};

/** The events an applied undo of the step took back with scope `event`: a plugin's `undo:applied`, or a rule's revoke. */
export function undoneAt(run: PolicyRun, step: RunStep): string[] {
  const out = run.signals
    .filter((s) => s.step === step.index && s.name === 'undo:applied')
    .map((s) => String(s.payload.undoneEventId));
  const event = step.event;
  if (!event || step.outcomes[0]?.status !== 'applied') return out;
  for (const rule of run.policy.rules) {
    if (rule.on !== null && !rule.on.includes(event.type)) continue;
    for (const effect of rule.effects) {
      const p = asRecord(effect.params) ?? {};
      if (effect.type !== 'incentives.revoke' || p.scope !== 'event') continue;
      const target = typeof p.eventId === 'string' ? p.eventId : resolvePath(event, String(p.eventIdPath));
      if (typeof target === 'string') out.push(target);
    }
  }
  return out;
}

/**
 * An undo leaves nothing unearned: after an applied undo that takes back an event (replies' `action.undone`,
 * a revoke with scope `event`), every milestone of counts the user still holds is supported by the counts
 * that remain, and a one-off badge the undone event granted is gone unless a milestone still held grants it.
 * An undo of an event older than the policy's revoke window (`settings.incentives.ledger.revokeWindowDays`,
 * default 7 days) takes nothing back by design and is not checked.
 */
export const undoLeavesNothingUnearned = defineInvariant(
  'an undo leaves no badge or milestone that is no longer earned',
  (run) => {
    const milestones = milestonesOf(run);
    for (const step of run.steps) {
      const event = step.event;
      if (!event) continue;
      for (const target of undoneAt(run, step)) {
        if (!withinRevokeWindow(run, target, Date.parse(event.at))) continue;
        const user = step.users[event.userId ?? ''];
        for (const m of milestones) {
          if (held(user, 'milestones', m.id) && progress(user, m) < m.threshold)
            return `after undoing ${target} (step ${step.index + 1}), ${event.userId} still holds milestone "${m.id}" with ${progress(user, m)} of ${m.threshold}`;
        }
        const granted = run.signals.filter(
          (s) =>
            s.name === 'badge:granted' &&
            s.payload.eventId === target &&
            s.payload.userId === event.userId &&
            s.payload.previousLevel === 0 &&
            s.step < step.index,
        );
        for (const g of granted) {
          const badge = String(g.payload.badge);
          const supported = milestones.some((m) => m.badge === badge && held(user, 'milestones', m.id));
          if (held(user, 'badges', badge) && !supported)
            return `after undoing ${target} (step ${step.index + 1}), ${event.userId} still holds badge "${badge}" that ${target} granted`;
        }
      }
    }
    return undefined;
  },
  configures('incentives'),
);
