import { type DispatchContext, isEngageLoopError, localized } from '@engageloop/core';
import type { RepliesSettings } from './settings';

type Ctx = Pick<DispatchContext<unknown, RepliesSettings>, 'settings' | 'applyEffect' | 'note'>;

/** The incentives effect that takes a `scope`: `event` for an undo, `points` for a superseded version. */
const REVOKE = 'incentives.revoke';

/**
 * Applies each compensating effect of `settings.undo.compensate` (default `incentives.revoke`) with
 * `{ eventId, reason }` — and for `incentives.revoke` the `scope`: an undo takes back everything the event
 * contributed (`event`: points, counts, milestones and badges no longer earned), a better task version only the
 * previous best's points (`points`); undoing the kept best version names the version kept before it (`reinstate`),
 * whose points count again. An effect type that is not installed is skipped (noted in the trace), so the
 * replies plugin works without the incentives plugin and never imports it.
 */
export function compensate(
  ctx: Ctx,
  eventId: string,
  reason: string,
  scope: 'event' | 'points' = 'event',
  reinstate?: string,
): string[] {
  const applied: string[] = [];
  for (const type of ctx.settings.undo.compensate) {
    try {
      const revoke = reinstate === undefined ? { scope } : { scope, reinstate };
      const params = type === REVOKE ? { eventId, reason, ...revoke } : { eventId, reason };
      const report = ctx.applyEffect(type, params);
      if (report.status !== 'skipped') applied.push(type);
    } catch (error) {
      if (isEngageLoopError(error) && error.code === 'RULE_EFFECT_UNKNOWN') {
        ctx.note(localized('compensation skipped: effect type not installed', '跳过补偿：未安装该效果类型'), {
          type,
          eventId,
        });
        continue;
      }
      throw error;
    }
  }
  return applied;
}
