import type { BadgeSettings } from '../settings-types';
import type { IncentivesState } from '../types';
import { sliceWith } from './state';

export type BadgeGrant =
  | { kind: 'granted'; state: IncentivesState; level: number; previousLevel: number }
  | { kind: 'duplicate'; state: IncentivesState; level: number };

/**
 * Grants a badge: a one-off badge once; a levelled badge at a higher level than held
 * (default: the next level, capped at the highest defined one). Never lowers a level.
 */
export function grantBadge(
  state: IncentivesState,
  badge: string,
  settings: BadgeSettings | undefined,
  at: number,
  level?: number,
): BadgeGrant {
  const held = Object.hasOwn(state.badges, badge) ? state.badges[badge] : undefined;
  const maxLevel = settings?.levels?.length ?? 1;
  const wanted = Math.min(level ?? (held ? held.level + 1 : 1), maxLevel);
  if (held && held.level >= wanted) return { kind: 'duplicate', state, level: held.level };
  return {
    kind: 'granted',
    level: wanted,
    previousLevel: held?.level ?? 0,
    state: sliceWith(state, { badges: { ...state.badges, [badge]: { level: wanted, at } } }),
  };
}
