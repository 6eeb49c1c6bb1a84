import type { BadgeSettings } from '../settings-types';
import type { HeldBadge, IncentivesState } from '../types';
import { inForce } from './honours';
import { own, sliceWith } from './state';

export type BadgeGrant =
  | {
      kind: 'granted';
      state: IncentivesState;
      level: number;
      previousLevel: number;
      /** When it lapses (absent: lifetime). */
      until?: number;
      /** A renewal of a time-bound badge held at this level: when it would have lapsed. */
      previousUntil?: number;
    }
  | { kind: 'duplicate'; state: IncentivesState; level: number };

/**
 * Grants a badge: a one-off badge once; a levelled badge at a higher level than held
 * (default: the next level, capped at the highest defined one). Never lowers a level.
 * A time-bound badge (`until`) that lapsed is granted afresh; one still held at the wanted level is renewed
 * when the new grant lasts longer (a lifetime grant makes it lifetime).
 */
export function grantBadge(
  state: IncentivesState,
  badge: string,
  settings: BadgeSettings | undefined,
  at: number,
  level?: number,
  until?: number,
): BadgeGrant {
  const found = own(state.badges, badge);
  const held = inForce(found, at) ? found : undefined;
  const maxLevel = settings?.levels?.length ?? 1;
  const wanted = Math.min(level ?? (held ? held.level + 1 : 1), maxLevel);
  const give = (next: HeldBadge) => sliceWith(state, { badges: { ...state.badges, [badge]: next } });
  if (held && held.level >= wanted) {
    const previousUntil = held.until;
    if (previousUntil === undefined || (until !== undefined && until <= previousUntil))
      return { kind: 'duplicate', state, level: held.level };
    const renewed: HeldBadge = { level: held.level, at: held.at };
    if (until !== undefined) renewed.until = until;
    return {
      kind: 'granted',
      level: held.level,
      previousLevel: held.level,
      previousUntil,
      ...(until === undefined ? {} : { until }),
      state: give(renewed),
    };
  }
  const next: HeldBadge = { level: wanted, at };
  if (until !== undefined) next.until = until;
  return {
    kind: 'granted',
    level: wanted,
    previousLevel: held?.level ?? 0,
    ...(until === undefined ? {} : { until }),
    state: give(next),
  };
}
