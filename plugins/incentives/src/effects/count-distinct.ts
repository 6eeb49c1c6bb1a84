import { localized } from '@engageloop/core';

import { recordDistinct } from '../model/distinct';
import type { DistinctSettings, IncentivesSettings } from '../settings-types';
import type { IncentivesState } from '../types';
import { contributeIn } from './contribution';
import type { Ctx } from './shared';

const NONE: ReadonlyArray<[string, DistinctSettings]> = [];
const byType = new WeakMap<
  Record<string, DistinctSettings>,
  Map<string, Array<[string, DistinctSettings]>>
>();

/** The distinct counters an event type submits to, in settings order (computed once per settings). */
function countersOf(
  distinct: Record<string, DistinctSettings> | undefined,
  type: string,
): ReadonlyArray<[string, DistinctSettings]> {
  if (distinct === undefined) return NONE;
  let map = byType.get(distinct);
  if (!map) {
    map = new Map();
    for (const [id, counter] of Object.entries(distinct)) {
      for (const t of new Set(counter.events)) map.set(t, [...(map.get(t) ?? []), [id, counter]]);
    }
    byType.set(distinct, map);
  }
  return map.get(type) ?? NONE;
}

/** Whether an event of `type` submits to some distinct counter of `settings`. */
export const countsDistinct = (settings: IncentivesSettings, type: string): boolean =>
  countersOf(settings.distinct, type).length > 0;

/**
 * Submits the event to every distinct counter that lists its type: a new key counts once, a resubmission
 * may become the key's best version. Recorded as the event's contribution (for a revoke with scope `event`).
 */
export function countDistinct(
  state: IncentivesState,
  settings: IncentivesSettings,
  ctx: Pick<Ctx, 'event' | 'note' | 'policy' | 'sliceOf'>,
): IncentivesState {
  const counters = countersOf(settings.distinct, ctx.event.type);
  if (counters.length === 0) return state;
  let next = state;
  const counted: string[] = [];
  for (const [id, counter] of counters) {
    const step = recordDistinct(next, id, counter, ctx.event);
    if (step.kind === 'full') {
      ctx.note(
        localized(
          `distinct counter "${id}" is full (maxKeys): key not counted`,
          `去重计数 "${id}" 已达上限（maxKeys）：该键不再计数`,
        ),
        { counter: id, key: step.key },
      );
    }
    if (step.kind !== 'new-key' && step.kind !== 'resubmitted') continue;
    next = step.state;
    counted.push(id);
  }
  return counted.length === 0 ? next : contributeIn(next, ctx, { distinct: counted });
}
