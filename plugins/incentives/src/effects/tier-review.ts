import { notedLastId } from '../ledger/last-id';
import { baseOf } from '../model/dispatch-base';
import { ledgerPass } from '../model/ledger-pass';
import { sameTier } from '../model/same-tier';
import { contributionScore, nextScoreDrop } from '../model/score';
import { boundedScore } from '../model/score-bound';
import { markQuietBound, quietAt } from '../model/slice-marks';
import { sliceWith } from '../model/state';
import { inputsUpTo, readScore, sameInputs, type TierInputs, tierInputs } from '../model/tier-inputs';
import { levelIndex, reviewTier } from '../model/tiers';
import type { IncentivesSettings, TierSettings } from '../settings-types';
import type { IncentivesState, TierState } from '../types';
import { type Ctx, LIMITS, TIER_REVIEW_EVENT, tierTimerId } from './shared';

/**
 * The review time to leave armed, given the armed one (`armed`, absent when none) and the one the tier needs
 * (`due`: the pending downgrade's next step, or the instant the score would drop below the tier with no new
 * activity; null when none), `seen` being the latest time a review has run at (this one's, or a later one's
 * a late event follows). An armed time still ahead of it and earlier than needed is kept: the timer then fires
 * early, its review finds nothing due (the score drops at `due` at the earliest) and arms the next one, instead
 * of a timer moved on every award while the score keeps rising. An earlier `due`, or an armed time at or before
 * `seen` (fired, or firing: a review at or after it left it armed only when it needed that same time), arms
 * `due`; null cancels. Not the clock: a host's clock may run far ahead of the events it dispatches.
 */
export function armedReviewAt(armed: number | undefined, due: number | null, seen: number): number | null {
  if (due === null) return null;
  return armed !== undefined && armed > seen && armed < due ? armed : due;
}

/**
 * Whether a review of `state` at `t` could be skipped, but for its inputs: the last full review (`checkedAt`)
 * read inputs none of which was later than its time, `t` is not before it, and before the armed review time
 * (the earliest instant the score can leave the tier, or the pending downgrade's next step). When it also
 * read the same inputs (`TierState.inputs`), the score only fell since (no award entered the window, those
 * leaving it keep it at the tier): the review keeps the same tier and needs the same next review. A user's
 * first review always runs.
 */
function inQuietSpan(tier: TierState | null, t: number): tier is TierState {
  return (
    tier !== null &&
    tier.checkedAt !== undefined &&
    t >= tier.checkedAt &&
    (tier.reviewAt === undefined || t < tier.reviewAt)
  );
}

/**
 * Whether a review at `t` of `state`, the slice a review at `t` returned, would be skipped: that review left its
 * inputs (`TierState.inputs`, those of the slice it returned), found the same ones, or left the tier as it was for a
 * score bounded below the next level (a function of the slice and `t`), so a review of the same slice in the same
 * dispatch only needs `inQuietSpan`. Not for any other slice: its inputs may have changed.
 */
export const reviewedQuiet = (state: IncentivesState, t: number): boolean =>
  inQuietSpan(state.tier, t) && Array.isArray(state.tier.inputs);

/**
 * Whether a review at `t` of `state`, a new slice a full review at `t` returned without all its inputs (no
 * `checkedAt`: a late event's), would return it as it is, emit nothing and arm nothing: its score is the same (a
 * function of the ledger, the checkpoints and `t`), so is its target level; with no downgrade due at `t` (none
 * pending, or one after `t`) the tier it left is the one that review keeps (the same level, `since`, `belowSince`,
 * `downgradeAt`, `warned`, and the same next review), and being unchecked it arms the time it needs, the one armed.
 */
export function reviewedSettled(state: IncentivesState, t: number): boolean {
  const tier = state.tier;
  return (
    tier !== null && tier.checkedAt === undefined && (tier.downgradeAt === undefined || tier.downgradeAt > t)
  );
}

/** Whether a review of `state` at `t` would change nothing (`inQuietSpan`, same inputs); exported for its tests. */
export function unchangedSince(
  state: IncentivesState,
  t: number,
  settings: IncentivesSettings,
  timeZone: string,
) {
  return inQuietSpan(state.tier, t) && sameInputs(state.tier.inputs, state, settings.tiers, timeZone);
}

/**
 * Reviews the tier at the event time; emits `tier:changed` / `tier:will-downgrade`; arms the review timer
 * (`armedReviewAt`). A review that would change nothing but the time and inputs of the last review with all its
 * inputs (`quietReview`) is skipped: the same slice back, the tier not written.
 */
export function reviewUserTier(
  state: IncentivesState,
  ctx: Ctx,
  settings: IncentivesSettings,
): IncentivesState {
  const t = ctx.event.time;
  const { tiers } = settings;
  if (inQuietSpan(state.tier, t) && quietAt(state, tiers, t)) return state;
  const memo = ctx.memo;
  if (quietReview(state, baseOf(memo) ?? state, ctx, tiers, memo)) return state;
  const timeZone = ctx.timezone;
  // One pass over an unindexed ledger for the score, the next drop and `inputsUpTo` (undefined otherwise).
  const pass = ledgerPass(state, tiers, t);
  const score = contributionScore(state, tiers, t, timeZone, pass);
  const review = reviewTier(state.tier, score, t, tiers);
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
  const level = levelIndex(tiers.levels, review.state.id);
  const due =
    review.reviewAt ??
    (level > 0 ? nextScoreDrop(state, tiers, t, timeZone, tiers.levels[level]!.minScore, pass) : null);
  const armed = state.tier?.reviewAt;
  // A review that does not see all its inputs (a late event's: awards after its time are not in its score)
  // arms the time it needs: an earlier timer could review a score no review saw, and change the tier sooner.
  const checked = inputsUpTo(state, tiers, t, timeZone, pass);
  const seen = Math.max(t, state.tier?.checkedAt ?? t);
  // A time the timer already fired at may be armed again: the core names the new arming's event apart.
  const reviewAt = checked ? armedReviewAt(armed, due, seen) : due;
  if (reviewAt !== (armed ?? null)) {
    if (reviewAt === null) ctx.cancelTimer(tierTimerId(ctx.event.userId));
    else
      ctx.schedule({
        id: tierTimerId(ctx.event.userId),
        type: TIER_REVIEW_EVENT,
        dueAt: reviewAt,
        userId: ctx.event.userId,
      });
  }
  const lastId = notedLastId(memo, state.entries);
  // A points score's inputs keep the score: a later review bounds the score by it (`boundedScore`).
  const inputs = checked
    ? tierInputs(state, tiers, timeZone, score, lastId, lastId !== undefined)
    : undefined;
  const tier = finished(review.state, reviewAt, checked ? t : undefined, inputs);
  if (sameTier(state.tier, tier) && tierHistory === state.tierHistory)
    return scored(state, tiers, t, checked);
  // JSON built here of strings and numbers (the inputs are frozen): the store's commit takes it as frozen.
  Object.freeze(tier);
  return scored(sliceWith(state, { tier, tierHistory }), tiers, t, checked);
}

/**
 * `state`, the slice a full review at `t` returned, marked when the review saw all its inputs: quiet from `t` on (its
 * tier holds them), and with the points score the tier keeps.
 */
function scored(state: IncentivesState, tiers: TierSettings, t: number, checked: boolean): IncentivesState {
  if (!checked) return state;
  markQuietBound(
    state,
    tiers,
    tiers.score.source === 'points' ? readScore(state.tier?.inputs) : undefined,
    t,
  );
  return state;
}

/**
 * Whether a review of `state` at the event time changes nothing (the same slice back, no event, no timer): the
 * score is bounded below the next level (`boundedScore`), or the inputs are those of the last review and its next
 * change is ahead; the slice is then marked quiet (with its bound, when bounded: `markQuietBound`). A function of the slice and the time alone (what marks
 * tell is what the slice holds): a store that keeps no marks writes the same documents. `base` is the slice the
 * dispatch started from, or `state`.
 */
function quietReview(
  state: IncentivesState,
  base: IncentivesState,
  ctx: Ctx,
  tiers: TierSettings,
  memo: Record<string, unknown>,
): boolean {
  const t = ctx.event.time;
  const bound = boundedScore(state, base, tiers, t, memo);
  // A points score's inputs hold no time zone: the user's (a getter through the profile) is read only when used.
  const quiet =
    bound !== undefined ||
    (inQuietSpan(state.tier, t) &&
      sameInputs(state.tier.inputs, state, tiers, tiers.score.source === 'points' ? '' : ctx.timezone));
  if (quiet) markQuietBound(state, tiers, bound, t);
  return quiet;
}

/**
 * Marks `next`, the slice an award in a rule's stage just built from `before` (a new object no one else holds yet),
 * as quiet when `boundedScore` holds (with its bound): the review after the stage then returns it at once, and the
 * next award's adds its own amount to that bound. Only where a review follows the stage (`tiers.auto`, a rule's
 * stage: not a hook's award after the rules).
 */
export function reviewAwarded(
  next: IncentivesState,
  before: IncentivesState,
  ctx: Ctx & { readonly stage: unknown },
  settings: IncentivesSettings,
): void {
  const { tiers } = settings;
  if (tiers.auto === false || ctx.stage === null || next === before) return;
  const t = ctx.event.time;
  const bound = boundedScore(next, before, tiers, t, ctx.memo);
  if (bound !== undefined) markQuietBound(next, tiers, bound, t);
}

/**
 * The slice after a dispatch of the review timer's event at `t`: when no review ran there (`tiers.auto: false`,
 * no rule reviewed), the armed time is past and its timer gone. The tier then keeps no armed time and no inputs,
 * so the next review runs and arms the time it needs (a late event's, before `t`, would otherwise skip, or keep
 * the fired time as still armed), `t` itself included: armed again after it fired, a timer's event is a new one
 * (the core's timer generations), not a replay. A review at `t` arms a later time (or none): the same slice back.
 */
export function afterReviewTimer(state: IncentivesState, t: number): IncentivesState {
  const tier = state.tier;
  if (tier === null || tier.reviewAt === undefined || tier.reviewAt > t) return state;
  return sliceWith(state, { tier: Object.freeze(finished(tier, null, undefined, undefined)) });
}

/**
 * The tier a review leaves: `{ ...tier, reviewAt, checkedAt, inputs }` without the absent ones, in that
 * order (spreading the tiers a review builds hit V8's generic path).
 */
function finished(
  tier: TierState,
  reviewAt: number | null,
  checkedAt: number | undefined,
  inputs: TierInputs | undefined,
): TierState {
  const { id, since } = tier;
  // A review with all its inputs and no pending downgrade, the usual one: one literal. Fields set after a literal
  // take a property array of their own (about 40 bytes, allocated on every review).
  if (
    checkedAt !== undefined &&
    inputs !== undefined &&
    tier.belowSince === undefined &&
    tier.downgradeAt === undefined &&
    tier.warned === undefined
  )
    return reviewAt === null ? { id, since, checkedAt, inputs } : { id, since, reviewAt, checkedAt, inputs };
  const out: TierState = { id, since };
  if (tier.belowSince !== undefined) out.belowSince = tier.belowSince;
  if (tier.downgradeAt !== undefined) out.downgradeAt = tier.downgradeAt;
  if (tier.warned !== undefined) out.warned = tier.warned;
  if (reviewAt !== null) out.reviewAt = reviewAt;
  if (checkedAt !== undefined) out.checkedAt = checkedAt;
  if (inputs !== undefined) out.inputs = inputs;
  return out;
}
