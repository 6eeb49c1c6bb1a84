import { type DispatchContext, isEngageLoopError, localized } from '@engageloop/core';
import type { RepliesSettings } from './settings';

type Ctx = Pick<DispatchContext<unknown, RepliesSettings>, 'settings' | 'applyEffect' | 'note'>;

/**
 * Applies each compensating effect of `settings.undo.compensate` (default `incentives.revoke`) with
 * `{ eventId, reason }`. An effect type that is not installed is skipped (noted in the trace), so the
 * replies plugin works without the incentives plugin and never imports it.
 */
export function compensate(ctx: Ctx, eventId: string, reason: string): string[] {
  const applied: string[] = [];
  for (const type of ctx.settings.undo.compensate) {
    try {
      const report = ctx.applyEffect(type, { eventId, reason });
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
