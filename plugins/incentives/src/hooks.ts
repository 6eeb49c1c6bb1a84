import type { PluginHooks } from '@engageloop/core';
import { contributeIn } from './effects/contribution';
import { countDistinct, countsDistinct } from './effects/count-distinct';
import { reachMilestones } from './effects/progress';
import { type Ctx, settingsOf, TIER_REVIEW_EVENT } from './effects/shared';
import { afterReviewTimer, reviewedQuiet, reviewedSettled, reviewUserTier } from './effects/tier-review';
import { compactLedger, type ScoreWindow } from './ledger/compact';
import { markIdHashes } from './ledger/id-hashes';
import { budgetCounterKey, pruneUsage } from './model/caps';
import { trimRecent } from './model/contributions';
import { baseOf, noteBase } from './model/dispatch-base';
import { keptAfterAppends, keptAt, markKept, markQuiet, quietAt, usagePruned } from './model/slice-marks';
import { recordCopy, sliceWith } from './model/state';
import { defaultSettings } from './settings';
import type { IncentivesSettings } from './settings-types';
import { localDayNumber } from './time';
import type { IncentivesState } from './types';

const DAY = 86_400_000;

const NO_KINDS: readonly string[] = [];
const kindsByType = new WeakMap<IncentivesSettings['actions'], Map<string, string[]>>();

/** The action kinds that list an event type, in settings order (computed once per settings). */
function kindsOf(actions: IncentivesSettings['actions'], eventType: string): readonly string[] {
  let byType = kindsByType.get(actions);
  if (!byType) {
    byType = new Map();
    for (const [kind, action] of Object.entries(actions)) {
      for (const type of action.events) {
        const kinds = byType.get(type);
        if (!kinds) byType.set(type, [kind]);
        else if (kinds[kinds.length - 1] !== kind) kinds.push(kind);
      }
    }
    kindsByType.set(actions, byType);
  }
  return byType.get(eventType) ?? NO_KINDS;
}

/**
 * Counts the event as an action of each of `kinds` (those that list its type, `kindsOf`); keeps recent activity
 * for scores, on the event's local day (the time zone, a getter through the profile, read only then).
 */
export function countActions(
  state: IncentivesState,
  settings: IncentivesSettings,
  kinds: readonly string[],
  ctx: Pick<Ctx, 'event' | 'timezone'>,
) {
  if (kinds.length === 0) return state;
  const actions = recordCopy(state.actions);
  let activity = state.activity;
  const keepActivity = settings.tiers.score.source === 'actions';
  const day = keepActivity ? localDayNumber(ctx.event.time, ctx.timezone) : 0;
  for (const kind of kinds) {
    actions[kind] = (Object.hasOwn(actions, kind) ? actions[kind]! : 0) + 1;
    if (!keepActivity) continue;
    const i = activity.findIndex(([d, k]) => d === day && k === kind);
    activity =
      i < 0
        ? [...activity, [day, kind, 1]]
        : activity.map((row, j) =>
            j === i ? ([row[0], row[1], row[2] + 1] as [number, string, number]) : row,
          );
  }
  if (keepActivity) {
    const oldest = day - settings.tiers.score.windowDays;
    activity = activity.filter(([d]) => d > oldest);
  }
  return sliceWith(state, { actions, activity });
}

/** The days within which awards can still be reversed: the policy's ledger setting, else the plugin option. */
export const revokeWindowDays = (settings: IncentivesSettings, retentionDays: number): number =>
  settings.ledger?.revokeWindowDays ?? retentionDays;

/** The points score a checkpoint keeps answering (none for an actions score). */
function score(settings: IncentivesSettings): ScoreWindow | undefined {
  const { score } = settings.tiers;
  return score.source === 'points'
    ? { wallet: score.wallet ?? 'points', windowMs: score.windowDays * DAY }
    : undefined;
}

/**
 * Folds ledger entries at or before `requested` (the revoke window's start), prunes folded awards, usage and
 * contributions: skipped for a slice a previous dispatch's housekeeping marked as kept until later.
 */
function housekeep(
  state: IncentivesState,
  requested: number,
  settings: IncentivesSettings,
  loaded: IncentivesState | undefined,
  memo: Record<string, unknown> | undefined,
): IncentivesState {
  if (keptAt(state, settings, requested) || keptAfterAppends(state, loaded, settings, requested, memo))
    return state;
  const window = score(settings);
  let next = compactLedger(state, requested, window);
  // Usage derived in this dispatch from a usage pruned for these settings needs no pruning.
  if (loaded === undefined || !usagePruned(loaded, settings)) next = pruneUsage(next, settings.caps);
  next = trimRecent(next, requested);
  markKept(next, settings, window);
  return next;
}

/** Whether `a` holds what a tier review of `b` reads of it: the same tier, ledger and checkpoints. */
const sameReads = (a: IncentivesState, b: IncentivesState): boolean =>
  a.tier === b.tier && a.entries === b.entries && a.opening === b.opening;

/**
 * The key in `ctx.memo` of the slice the action stage's review left, when a review of it after the rules would be
 * skipped or give it back unchanged: left quiet, or returned as it was.
 */
const REVIEWED = 'reviewed';

/**
 * The plugin's hooks: budgets to preload (prepare), action counting and milestones (beforeRules),
 * automatic tier review after the action stage and again after all rules (so later stages can
 * congratulate, and value-stage awards count), and folding of ledger entries past the revoke window into
 * each wallet's checkpoint, and pruning of cap usage.
 */
export function createHooks(retentionDays: number): PluginHooks<IncentivesState, IncentivesSettings> {
  return {
    prepare: ({ event, policy, settings }) => {
      const { budgets } = settings ?? defaultSettings;
      if (budgets.length === 0) return undefined;
      return { counters: budgets.map((b) => budgetCounterKey(b, event.time, policy.defaults.timezone)) };
    },
    beforeRules: (ctx) => {
      const settings = settingsOf(ctx);
      const type = ctx.event.type;
      const kinds = kindsOf(settings.actions, type);
      // An event no action or distinct counter lists changes nothing here: its slice is not read.
      if (kinds.length === 0 && !countsDistinct(settings, type)) return;
      const state = ctx.slice();
      let next =
        kinds.length === 0
          ? state
          : contributeIn(countActions(state, settings, kinds, ctx), ctx, { actions: kinds });
      next = countDistinct(next, settings, ctx);
      if (next !== state) next = reachMilestones(next, ctx, settings);
      if (next === state) return;
      noteBase(ctx.memo, state);
      ctx.setSlice(next);
    },
    afterStage: (ctx, stage) => {
      if (stage !== 'action') return;
      const settings = settingsOf(ctx);
      if (settings.tiers.auto === false) return;
      const state = ctx.slice();
      const next = reviewUserTier(state, ctx, settings);
      // The same slice, marked quiet: its review after the rules returns at once, nothing to note.
      if (next === state && quietAt(state, settings.tiers, ctx.event.time)) return;
      // The slice the review returned as it was (it changed nothing: no tier, timer or event) is that review's
      // result again when nothing changes it before the rules end (a review is a function of the slice and the
      // time): the review after the rules is skipped, as for a slice left quiet. So is it for a new slice a review
      // without all its inputs left with no downgrade due (`reviewedSettled`): reviewed again, it is returned as it is.
      if (next === state || reviewedQuiet(next, ctx.event.time) || reviewedSettled(next, ctx.event.time))
        ctx.memo[REVIEWED] = next;
      if (next !== state) ctx.setSlice(next);
    },
    afterRules: (ctx) => {
      const settings = settingsOf(ctx);
      const state = ctx.slice();
      // A frozen slice marked as read: the one a store handed over, unchanged by this dispatch, its review skipped at
      // once; nothing was noted for it, and the memo is not made.
      const memo =
        Object.isFrozen(state) && quietAt(state, settings.tiers, ctx.event.time) ? undefined : ctx.memo;
      // Awards of the value stage count too (reviewed again; a no-op when nothing changed, skipped when the
      // slice is the one the action stage's review left quiet).
      const auto = settings.tiers.auto !== false;
      let next = !auto || memo?.[REVIEWED] === state ? state : reviewUserTier(state, ctx, settings);
      // A slice a review returned with inputs is quiet from now on: reviewed again, it is returned as it is.
      const read = auto && Array.isArray(next.tier?.inputs) ? next : undefined;
      // The review timer fired: with no review at its time, it is no longer armed.
      if (ctx.event.type === TIER_REVIEW_EVENT) next = afterReviewTimer(next, ctx.event.time);
      const requested = ctx.event.time - revokeWindowDays(settings, retentionDays) * DAY;
      next = housekeep(next, requested, settings, (memo && baseOf(memo)) ?? state, memo);
      if (read !== undefined && sameReads(next, read)) markQuiet(next, settings.tiers, ctx.event.time);
      // The slice this dispatch leaves, when it changed it: its ledger's id hashes for the awards of the next one.
      if (memo !== undefined && (next !== state || baseOf(memo) !== undefined))
        markIdHashes(next, state, memo);
      if (next !== state) ctx.setSlice(next);
    },
  };
}
