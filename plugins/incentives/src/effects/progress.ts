import { grantBadge } from '../model/badges';
import { honourUntil } from '../model/honours';
import { newlyReached, progressOf } from '../model/milestones';
import { own, sliceWith } from '../model/state';
import { currentRun, streakPeriod } from '../model/streaks';
import type { IncentivesSettings } from '../settings-types';
import type { IncentivesState } from '../types';
import { type AwardContext, award } from './award';
import { contributeIn } from './contribution';
import { noteHonour } from './honour-note';
import type { Ctx } from './shared';

/** Grants a badge and emits `badge:granted`; unchanged state when already held at that level. */
export function giveBadge(
  state: IncentivesState,
  ctx: Ctx,
  settings: IncentivesSettings,
  badge: string,
  level?: number,
) {
  const declared = own(settings.badges, badge);
  const until = honourUntil(declared, ctx.event.time, ctx.timezone);
  const grant = grantBadge(state, badge, declared, ctx.event.time, level, until);
  if (grant.kind === 'granted') {
    const { previousUntil } = grant;
    grant.state = contributeIn(grant.state, ctx, {
      badges: [
        previousUntil === undefined
          ? [badge, grant.level, grant.previousLevel]
          : [badge, grant.level, grant.previousLevel, previousUntil],
      ],
    });
    ctx.emit('badge:granted', {
      eventId: ctx.event.id,
      userId: ctx.event.userId,
      badge,
      level: grant.level,
      previousLevel: grant.previousLevel,
      ...(grant.until === undefined ? {} : { until: new Date(grant.until).toISOString() }),
    });
    if (declared?.kind !== undefined || until !== undefined)
      noteHonour(ctx, badge, declared?.kind, grant.until);
  }
  return grant;
}

/** The run of a streak as of the event time (0 when broken). */
export function streakRunAt(
  state: IncentivesState,
  settings: IncentivesSettings,
  ctx: Pick<Ctx, 'event' | 'timezone'>,
) {
  return (id: string): number => {
    const streak = own(settings.streaks, id);
    if (!streak) return 0;
    return currentRun(
      own(state.streaks, id),
      streakPeriod(ctx.event.time, ctx.timezone, streak.period),
      streak,
    );
  };
}

/** Marks milestones that are now reached, grants their badge and award, emits `milestone:reached`. */
export function reachMilestones(
  state: IncentivesState,
  ctx: Ctx,
  settings: IncentivesSettings,
): IncentivesState {
  const run = streakRunAt(state, settings, ctx);
  let next = state;
  for (const m of newlyReached(state, settings.milestones, run)) {
    const value = progressOf(state, m, run);
    next = sliceWith(next, { milestones: { ...next.milestones, [m.id]: ctx.event.time } });
    next = contributeIn(next, ctx, { milestones: [m.id] });
    ctx.emit('milestone:reached', {
      eventId: ctx.event.id,
      userId: ctx.event.userId,
      milestone: m.id,
      threshold: m.threshold,
      value,
    });
    if (m.badge !== undefined) next = giveBadge(next, ctx, settings, m.badge, m.badgeLevel).state;
    if (m.award) {
      const awardCtx: AwardContext = {
        ruleId: `milestone:${m.id}`,
        event: ctx.event,
        timezone: ctx.timezone,
        policy: ctx.policy,
        settings: ctx.settings,
        counter: (key) => ctx.counter(key),
        addCounter: (key, delta) => ctx.addCounter(key, delta),
        emit: (name, payload) => ctx.emit(name, payload),
      };
      next = award(
        next,
        { ...m.award, reason: m.award.reason ?? `milestone ${m.id}`, multipliers: false },
        awardCtx,
        settings,
        {
          limits: false,
        },
      ).state;
    }
  }
  return next;
}
