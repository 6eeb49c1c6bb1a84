import type { DispatchContext } from '@engageloop/core';
import { type LifecycleSettings, resolveSettings } from './settings';
import type { LifecycleSlice } from './state/slice';
import { readTier } from './tier';

type ReviewContext = Pick<
  DispatchContext<LifecycleSlice, LifecycleSettings>,
  'slice' | 'sliceOf' | 'setSlice' | 'settings' | 'evaluate' | 'emit' | 'event' | 'user' | 'memo'
>;

/** The user's stage: the first stage whose condition holds, else the last stage (always a defined stage). */
export async function chooseStage(
  settings: LifecycleSettings,
  evaluate: ReviewContext['evaluate'],
): Promise<string> {
  for (const stage of settings.stages) {
    if (stage.when === undefined || (await evaluate(stage.when))) return stage.name;
  }
  return settings.stages[settings.stages.length - 1]?.name ?? 'active';
}

/** Names of the segments whose condition holds, in the policy's order. */
export async function chooseSegments(
  settings: LifecycleSettings,
  evaluate: ReviewContext['evaluate'],
): Promise<string[]> {
  const names: string[] = [];
  for (const [name, condition] of Object.entries(settings.segments)) {
    if (await evaluate(condition)) names.push(name);
  }
  return names;
}

/** Where the plugin's facts read, besides the event and the settings (see `facts.ts`). */
export interface FactSources {
  /** Whether the stage and segment conditions of these settings read only the plugin's own facts. */
  ownFactsOnly(settings: LifecycleSettings): boolean;
  /** The plugin whose slice holds the tier (`lifecycle.tier`). */
  tierPlugin: string;
}

/** What the facts of the plugin read from the dispatch state: the slice, the profile, first seen, the tier. */
interface FactInputs {
  slice: LifecycleSlice;
  profile: unknown;
  firstSeenAt: string | null;
  tier: string | null;
}

/** What the dispatch of `eventId` keeps in the plugin's memo between its reviews. */
interface ReviewMemo {
  eventId: string;
  /** The stage when the dispatch began (stage conditions are evaluated against it). */
  stageAtStart: string | null;
  /** Whether the stage and segment conditions read only the plugin's own facts. */
  ownFacts: boolean;
  /** With `ownFacts`: what those facts read when the latest review ended. */
  inputs?: FactInputs;
}

function inputsOf(ctx: ReviewContext, sources: FactSources): FactInputs {
  const user = ctx.user;
  return {
    slice: ctx.slice(),
    profile: user.profile,
    firstSeenAt: user.firstSeenAt,
    tier: readTier(ctx.sliceOf(sources.tierPlugin)),
  };
}

/**
 * Whether a review now would give what the latest review of this dispatch gave: its conditions read only
 * the plugin's facts, and nothing those read (the slice, by reference; the profile; the tier) has changed.
 */
export function reviewedAlready(ctx: ReviewContext, sources: FactSources): boolean {
  const memo = ctx.memo.review as ReviewMemo | undefined;
  const kept = memo?.eventId === ctx.event.id ? memo.inputs : undefined;
  if (kept === undefined) return false;
  const now = inputsOf(ctx, sources);
  return (
    now.slice === kept.slice &&
    now.profile === kept.profile &&
    now.firstSeenAt === kept.firstSeenAt &&
    now.tier === kept.tier
  );
}

/** The stage the user had when the dispatch of the current event began (kept in the dispatch's memo). */
function reviewMemo(ctx: ReviewContext, current: LifecycleSlice, sources: FactSources): ReviewMemo {
  const memos = ctx.memo;
  const kept = memos.review as ReviewMemo | undefined;
  if (kept?.eventId === ctx.event.id) return kept;
  const memo: ReviewMemo = {
    eventId: ctx.event.id,
    stageAtStart: current.stage,
    ownFacts: sources.ownFactsOnly(ctx.settings),
  };
  memos.review = memo;
  return memo;
}

const sameNames = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((name, i) => name === b[i]);

/**
 * Re-evaluates stage and segments; on a change of stage, records it and emits `stage:changed`.
 * Stage conditions always see the stage the user had when the dispatch began (`lifecycle.stage`),
 * so a stage defined by the previous one (win-back after at-risk) is stable when reviewed twice.
 * The slice is replaced only when stage or segments changed (or the conditions had to see the earlier stage).
 */
export async function reviewStage(ctx: ReviewContext, sources: FactSources): Promise<void> {
  const settings = resolveSettings(ctx.settings);
  const current = ctx.slice();
  const memo = reviewMemo(ctx, current, sources);
  const atStart = memo.stageAtStart;
  if (current.stage !== atStart) ctx.setSlice({ ...current, stage: atStart });
  const stage = await chooseStage(settings, (c) => ctx.evaluate(c));
  const segments = await chooseSegments(settings, (c) => ctx.evaluate(c));
  const changed = stage !== current.stage;
  const sameSegments = sameNames(segments, current.segments);
  if (changed || !sameSegments || current.stage !== atStart)
    ctx.setSlice({
      ...current,
      segments: sameSegments ? current.segments : segments,
      stage,
      stageSince: changed ? ctx.event.time : current.stageSince,
    });
  if (memo.ownFacts) memo.inputs = inputsOf(ctx, sources);
  if (changed)
    ctx.emit('stage:changed', { userId: ctx.user.id, from: current.stage, to: stage, at: ctx.event.at });
}
