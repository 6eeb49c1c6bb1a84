import { grantBadge } from '../model/badges';
import { honourUntil } from '../model/honours';
import { newlyReached, progressOf } from '../model/milestones';
import { sameTier } from '../model/same-tier';
import { contributionScore, nextScoreDrop } from '../model/score';
import { own, sliceWith } from '../model/state';
import { currentRun, streakPeriod } from '../model/streaks';
import { reviewTier } from '../model/tiers';
import type { IncentivesSettings } from '../settings-types';
import type { IncentivesState, TierState } from '../types';
import { type AwardContext, award } from './award';
import { contributeIn } from './contribution';
import { noteHonour } from './honour-note';
import { type Ctx, LIMITS, TIER_REVIEW_EVENT, tierTimerId } from './shared';

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

/**
 * What a review left in the dispatch's memo (`ctx.memo`): the score it computed, from `scored` (the slice's
 * entries or activity, never changed in place) with these tier settings at `t` in `timeZone`; and, when it
 * changed no tier and warned of nothing (a quiet review), the tier it left in the slice. A dispatch reviews the
 * tier after the action stage and again after all rules: the second review of an unchanged slice is then a
 * no-op (the same branch of `reviewTier` keeps the same fields, the score and its drop time are the same), and
 * a second review of the same entries reuses the score.
 */
interface ReviewMemo {
  scored: unknown;
  tiers: IncentivesSettings['tiers'];
  t: number;
  timeZone: string;
  score: number;
  quietTier: TierState | null;
}

const MEMO_KEY = 'tierReview';

/** The memo of an earlier review in this dispatch that scored the same inputs. */
function sameInputs(
  memo: Record<string, unknown>,
  state: IncentivesState,
  tiers: IncentivesSettings['tiers'],
  t: number,
  timeZone: string,
): ReviewMemo | undefined {
  const last = memo[MEMO_KEY] as ReviewMemo | undefined;
  if (
    last !== undefined &&
    last.scored === scoredPart(state, tiers) &&
    last.tiers === tiers &&
    last.t === t &&
    last.timeZone === timeZone
  )
    return last;
  return undefined;
}

/** Whether reviewing `state` again in this dispatch (`memo`) would change nothing; exported for its tests. */
export function reviewedQuietly(
  memo: Record<string, unknown>,
  state: IncentivesState,
  tiers: IncentivesSettings['tiers'],
  t: number,
  timeZone: string,
): boolean {
  return state.tier !== null && sameInputs(memo, state, tiers, t, timeZone)?.quietTier === state.tier;
}

/** What the score of a slice is computed from (never changed in place). */
const scoredPart = (state: IncentivesState, tiers: IncentivesSettings['tiers']): unknown =>
  tiers.score.source === 'points' ? state.entries : state.activity;

/** Reviews the tier at the event time; emits `tier:changed` / `tier:will-downgrade`; arms the review timer. */
export function reviewUserTier(
  state: IncentivesState,
  ctx: Ctx,
  settings: IncentivesSettings,
): IncentivesState {
  const t = ctx.event.time;
  const timeZone = ctx.timezone;
  const { tiers } = settings;
  const earlier = sameInputs(ctx.memo, state, tiers, t, timeZone);
  if (earlier && state.tier !== null && earlier.quietTier === state.tier) return state;
  const score = earlier ? earlier.score : contributionScore(state, tiers, t, timeZone);
  const review = reviewTier(state.tier, score, t, settings.tiers);
  let tierHistory = state.tierHistory;
  if (review.changed) {
    tierHistory = [...tierHistory, { tier: review.changed.to, at: t }].slice(-LIMITS.tierHistory);
    ctx.emit('tier:changed', { eventId: ctx.event.id, userId: ctx.event.userId, ...review.changed, score });
  } else if (!state.tier) {
    tierHistory = [{ tier: review.state.id, at: t }];
  }
  if (review.warning) {
    ctx.emit('tier:will-downgrade', {
      eventId: ctx.event.id,
      userId: ctx.event.userId,
      tier: review.warning.tier,
      to: review.warning.to,
      downgradeAt: new Date(review.warning.downgradeAt).toISOString(),
      score,
    });
  }
  // Nothing pending: still review when the score would drop below the tier with no new activity.
  const level = levelIndex(settings.tiers.levels, review.state.id);
  const reviewAt =
    review.reviewAt ??
    (level > 0 ? nextScoreDrop(state, tiers, t, timeZone, tiers.levels[level]!.minScore) : null);
  const previousReview = state.tier?.reviewAt ?? null;
  if (reviewAt !== previousReview) {
    if (reviewAt === null) ctx.cancelTimer(tierTimerId(ctx.event.userId));
    else
      ctx.schedule({
        id: tierTimerId(ctx.event.userId),
        type: TIER_REVIEW_EVENT,
        dueAt: reviewAt,
        userId: ctx.event.userId,
      });
  }
  const tier = reviewAt === null ? review.state : withReviewAt(review.state, reviewAt);
  const next =
    sameTier(state.tier, tier) && tierHistory === state.tierHistory
      ? state
      : sliceWith(state, { tier, tierHistory });
  // Remembered for a later review in this dispatch (the memo's object is reused: one per dispatch).
  const quietTier = review.changed === undefined && review.warning === undefined ? next.tier : null;
  const memo = (ctx.memo[MEMO_KEY] as ReviewMemo | undefined) ?? ({} as ReviewMemo);
  memo.scored = scoredPart(next, tiers);
  memo.tiers = tiers;
  memo.t = t;
  memo.timeZone = timeZone;
  memo.score = score;
  memo.quietTier = quietTier;
  ctx.memo[MEMO_KEY] = memo;
  return next;
}

function levelIndex(levels: IncentivesSettings['tiers']['levels'], id: string): number {
  for (let i = 0; i < levels.length; i++) if (levels[i]!.id === id) return i;
  return -1;
}

/** `{ ...tier, reviewAt }` for the tiers a review builds (spreading them hit V8's generic path). */
function withReviewAt(tier: TierState, reviewAt: number): TierState {
  const out: TierState = { id: tier.id, since: tier.since };
  if (tier.belowSince !== undefined) out.belowSince = tier.belowSince;
  if (tier.downgradeAt !== undefined) out.downgradeAt = tier.downgradeAt;
  if (tier.warned !== undefined) out.warned = tier.warned;
  out.reviewAt = reviewAt;
  return out;
}
