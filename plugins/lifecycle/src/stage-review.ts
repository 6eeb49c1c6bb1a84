import type { DispatchContext } from '@engageloop/core';
import { type LifecycleSettings, resolveSettings } from './settings';
import type { LifecycleSlice } from './state/slice';

type ReviewContext = Pick<
  DispatchContext<LifecycleSlice, LifecycleSettings>,
  'slice' | 'setSlice' | 'settings' | 'evaluate' | 'emit' | 'event' | 'user'
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

/**
 * Re-evaluates stage and segments; on a change of stage, records it and emits `stage:changed`.
 * Stage conditions always see the stage the user had when the dispatch began (`lifecycle.stage`),
 * so a stage defined by the previous one (win-back after at-risk) is stable when reviewed twice.
 */
export async function reviewStage(ctx: ReviewContext): Promise<void> {
  const settings = resolveSettings(ctx.settings);
  const current = ctx.slice();
  const atStart = current.stageAtStart?.eventId === ctx.event.id ? current.stageAtStart.stage : current.stage;
  const stageAtStart = { eventId: ctx.event.id, stage: atStart };
  ctx.setSlice({ ...current, stage: atStart, stageAtStart });
  const stage = await chooseStage(settings, (c) => ctx.evaluate(c));
  const segments = await chooseSegments(settings, (c) => ctx.evaluate(c));
  const changed = stage !== current.stage;
  ctx.setSlice({
    ...current,
    segments,
    stage,
    stageSince: changed ? ctx.event.time : current.stageSince,
    stageAtStart,
  });
  if (changed)
    ctx.emit('stage:changed', { userId: ctx.user.id, from: current.stage, to: stage, at: ctx.event.at });
}
