import { EngageLoopError, localized } from '@engageloop/core';
import type { NeedStatus } from './types';

/**
 * The one table of allowed status moves.
 *
 * captured → acknowledged | duplicate
 * acknowledged → planned | in-progress | adopted | declined | duplicate
 * planned → in-progress | adopted | declined | duplicate
 * in-progress → adopted | declined
 * adopted | declined | duplicate → closed (the user was informed)
 * closed → (nothing)
 */
export const NEED_TRANSITIONS: Readonly<Record<NeedStatus, readonly NeedStatus[]>> = {
  captured: ['acknowledged', 'duplicate'],
  acknowledged: ['planned', 'in-progress', 'adopted', 'declined', 'duplicate'],
  planned: ['in-progress', 'adopted', 'declined', 'duplicate'],
  'in-progress': ['adopted', 'declined'],
  adopted: ['closed'],
  declined: ['closed'],
  duplicate: ['closed'],
  closed: [],
};

/** True when `from → to` is an edge of the table. */
export function canTransition(from: NeedStatus, to: NeedStatus): boolean {
  return NEED_TRANSITIONS[from].includes(to);
}

/** Throws `NEED_TRANSITION_ILLEGAL` unless `from → to` is allowed. */
export function assertTransition(needId: string, from: NeedStatus, to: NeedStatus): void {
  if (!canTransition(from, to)) {
    throw new EngageLoopError('NEED_TRANSITION_ILLEGAL', {
      message: localized(
        `Need "${needId}" cannot move from "${from}" to "${to}".`,
        `需求 "${needId}" 不能从 "${from}" 变为 "${to}"。`,
      ),
      plugin: 'needs',
      data: { needId, from, to, allowed: [...NEED_TRANSITIONS[from]] },
    });
  }
}

/** Statuses at which the need is decided (its first-response and resolution deadlines no longer apply). */
export const DECIDED: ReadonlySet<NeedStatus> = new Set(['adopted', 'declined', 'duplicate', 'closed']);
