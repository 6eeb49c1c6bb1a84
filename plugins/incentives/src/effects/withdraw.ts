import { contributionOf, forgetContribution } from '../model/contributions';
import { removeEventFromDistinct } from '../model/distinct';
import { grantedLater, unrenew } from '../model/honours';
import { progressOf } from '../model/milestones';
import { own, sliceWith } from '../model/state';
import type { IncentivesSettings, MilestoneSettings } from '../settings-types';
import { localDayNumber } from '../time';
import type { Contribution, IncentivesState } from '../types';
import { recomputeStreaks } from './revoke-streaks';
import type { Ctx } from './shared';

/** What taking back an event's contribution withdrew. */
export interface Withdrawn {
  badges: Array<{ badge: string; level: number; to: number }>;
  milestones: string[];
}

/** The counts without what the event counted (never below zero), and its day's activity without it. */
function uncount(state: IncentivesState, c: Contribution, settings: IncentivesSettings, timezone: string) {
  if (c.actions.length === 0) return state;
  const actions = { ...state.actions };
  for (const kind of c.actions) {
    const n = own(actions, kind) ?? 0;
    if (n <= 1) delete actions[kind];
    else actions[kind] = n - 1;
  }
  if (settings.tiers.score.source !== 'actions') return sliceWith(state, { actions });
  const day = localDayNumber(c.at, timezone);
  const activity = state.activity
    .map(([d, k, n]) => [d, k, d === day && c.actions.includes(k) ? n - 1 : n] as [number, string, number])
    .filter(([, , n]) => n > 0);
  return sliceWith(state, { actions, activity });
}

/**
 * Reached milestones that what remains no longer supports: counts (actions, distinct keys) below the threshold,
 * or a recomputed streak whose best run no longer reaches it.
 */
function unsupported(
  state: IncentivesState,
  milestones: readonly MilestoneSettings[],
  streaks: readonly string[],
): MilestoneSettings[] {
  return milestones.filter((m) => {
    if (!Object.hasOwn(state.milestones, m.id)) return false;
    if (m.streak === undefined) return progressOf(state, m, () => 0) < m.threshold;
    return streaks.includes(m.streak) && (own(state.streaks, m.streak)?.best ?? 0) < m.threshold;
  });
}

/**
 * Takes back what the event `target` contributed besides points — its action counts and distinct
 * submissions — then recomputes from what remains: a milestone of counts no longer reached is withdrawn
 * (`milestone:withdrawn`; its award is reversed by the caller), and a badge the event granted, or a
 * withdrawn milestone granted, is withdrawn to its previous level (`badge:withdrawn`) unless a milestone
 * still reached grants it. A streak the event hit is recomputed from the hits that remain (`recomputeStreaks`):
 * a day only the undone event lived is no longer lived, and a streak milestone its best run no longer reaches is
 * withdrawn too.
 */
export function withdrawContribution(
  state: IncentivesState,
  target: string,
  ctx: Pick<Ctx, 'event' | 'emit' | 'timezone'>,
  settings: IncentivesSettings,
): { state: IncentivesState; withdrawn: Withdrawn } {
  const withdrawn: Withdrawn = { badges: [], milestones: [] };
  const c = contributionOf(state, target);
  if (!c) return { state, withdrawn };
  let next = uncount(state, c, settings, ctx.timezone);
  next = removeEventFromDistinct(next, c.distinct, target);
  const streaks = recomputeStreaks(next, c, settings, ctx.timezone);
  next = streaks.state;
  const base = { eventId: ctx.event.id, userId: ctx.event.userId, undoneEventId: target };
  const lost = unsupported(next, settings.milestones, streaks.recomputed);
  if (lost.length > 0) {
    const milestones = { ...next.milestones };
    for (const m of lost) {
      delete milestones[m.id];
      withdrawn.milestones.push(m.id);
      ctx.emit('milestone:withdrawn', {
        ...base,
        milestone: m.id,
        threshold: m.threshold,
        value:
          m.streak === undefined ? progressOf(next, m, () => 0) : (own(next.streaks, m.streak)?.best ?? 0),
      });
    }
    next = sliceWith(next, { milestones });
  }
  // Badges to reconsider: those the event granted (back to the level before it), those of lost milestones.
  const candidates = new Map<string, number>();
  for (const [badge, , previous] of c.badges)
    candidates.set(badge, Math.min(candidates.get(badge) ?? previous, previous));
  for (const m of lost) if (m.badge !== undefined && !candidates.has(m.badge)) candidates.set(m.badge, 0);
  const badges = unrenew({ ...next.badges }, c);
  for (const [badge, to] of candidates) {
    const held = own(badges, badge);
    if (!held || held.level <= to || grantedLater(held, c)) continue;
    const still = settings.milestones.filter(
      (m) => m.badge === badge && Object.hasOwn(next.milestones, m.id) && (m.badgeLevel ?? 1) > to,
    );
    if (still.length > 0) continue;
    if (to === 0) delete badges[badge];
    else
      badges[badge] = { level: to, at: held.at, ...(held.until === undefined ? {} : { until: held.until }) };
    withdrawn.badges.push({ badge, level: held.level, to });
    ctx.emit('badge:withdrawn', { ...base, badge, level: held.level, to });
  }
  if (withdrawn.badges.length > 0 || c.badges.some((b) => b[3] !== undefined))
    next = sliceWith(next, { badges });
  return { state: forgetContribution(next, target), withdrawn };
}
