import type { FactContext } from '@engageloop/core';
import { contribute } from '../model/contributions';
import type { IncentivesState } from '../types';

type Part = Parameters<typeof contribute>[3];
type Ctx = Pick<FactContext, 'event' | 'policy' | 'sliceOf'>;

const byRules = new WeakMap<object, boolean>();

/**
 * Whether anything can take an event back with scope `event`, so its contributions are worth keeping: the
 * replies plugin is installed (its undo compensates with scope `event`), or a rule revokes with scope `event`.
 * A policy with neither keeps no contribution records (nothing to write per dispatch).
 */
export function tracksContributions(ctx: Ctx): boolean {
  if (ctx.sliceOf('replies') !== undefined) return true;
  const rules = ctx.policy.rules;
  let found = byRules.get(rules);
  if (found === undefined) {
    found = rules.some((r) =>
      r.effects.some(
        (e) =>
          e.type === 'incentives.revoke' && (e.params as { scope?: unknown } | undefined)?.scope === 'event',
      ),
    );
    byRules.set(rules, found);
  }
  return found;
}

/** Records what the dispatched event contributed, when the policy can take it back (see `tracksContributions`). */
export const contributeIn = (state: IncentivesState, ctx: Ctx, part: Part): IncentivesState =>
  tracksContributions(ctx) ? contribute(state, ctx.event.id, ctx.event.time, part) : state;
