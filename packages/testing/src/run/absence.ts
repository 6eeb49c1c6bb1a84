import { resolvePath } from '@engageloop/core';
import { eventCatalogue } from '../arbitraries/event-types';
import type { Journey } from '../arbitraries/journey-types';
import type { PolicyRun } from './types';

/**
 * The first applied undo that comes right after the event it undoes (same user; the undo applied and was
 * not refused, `undo:refused`; neither event delivered again elsewhere in the journey), and the journey
 * without both steps. Undefined when the run has none.
 */
export function absencePair(
  run: Pick<PolicyRun, 'policy' | 'registry' | 'steps' | 'signals'>,
  journey: Journey,
): { undone: string; undo: string; step: number; journey: Journey } | undefined {
  const undo = eventCatalogue(run.policy, run.registry).undo;
  for (const step of run.steps) {
    const event = step.event;
    const before = run.steps[step.index - 1];
    if (!event || !before?.event || !Object.hasOwn(undo, event.type)) continue;
    const target = resolvePath(event, `$.payload.${undo[event.type]}`);
    const undone = before.event;
    if (target !== undone.id || undone.userId !== event.userId) continue;
    if (step.outcomes[0]?.status !== 'applied' || before.outcomes[0]?.status !== 'applied') continue;
    if (run.signals.some((s) => s.step === step.index && s.name === 'undo:refused')) continue;
    const ids = new Set([undone.id, event.id]);
    const again = journey.steps.filter((s) => s.kind === 'event' && ids.has(s.event.id)).length;
    if (again !== 2) continue;
    const steps = journey.steps.filter((_, i) => i !== before.index && i !== step.index);
    return { undone: undone.id, undo: event.id, step: step.index, journey: { ...journey, steps } };
  }
  return undefined;
}
