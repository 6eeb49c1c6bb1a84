import { nextPeriodBoundary } from '@engageloop/core';
import type { BadgeSettings, HonourKind } from '../settings-types';
import type { Contribution, HeldBadge, IncentivesState } from '../types';
import { own } from './state';

const DAY_MS = 86_400_000;

/** When a badge granted at `at` lapses (epoch ms), or undefined for a lifetime one. */
export function honourUntil(settings: BadgeSettings | undefined, at: number, timeZone: string) {
  const expires = settings?.expires;
  if (expires === undefined) return undefined;
  return 'afterDays' in expires
    ? at + expires.afterDays * DAY_MS
    : nextPeriodBoundary(at, timeZone, expires.atEndOf);
}

/** Whether a held badge is still in force at `t` (lifetime ones always are). */
export const inForce = (held: HeldBadge | undefined, t: number): held is HeldBadge =>
  held !== undefined && (held.until === undefined || held.until > t);

/** The ids of the badges in force at `t`, of one kind (`undefined`: every kind). */
export function honoursInForce(
  state: IncentivesState,
  badges: Readonly<Record<string, BadgeSettings>>,
  t: number,
  kind?: HonourKind,
): string[] {
  return Object.keys(state.badges).filter(
    (id) =>
      inForce(state.badges[id], t) && (kind === undefined || (own(badges, id)?.kind ?? 'badge') === kind),
  );
}

/**
 * The badges with the renewals an undone event made taken back: a time-bound badge it renewed lapses again at
 * its previous end (the grant it renewed is not the undone event's to withdraw).
 */
export function unrenew(
  badges: Record<string, HeldBadge>,
  c: Pick<Contribution, 'badges'>,
): Record<string, HeldBadge> {
  let out = badges;
  for (const [badge, level, previous, previousUntil] of c.badges) {
    const held = own(out, badge);
    if (previousUntil === undefined || level !== previous || held?.level !== level) continue;
    out = { ...out, [badge]: { level, at: held.at, until: previousUntil } };
  }
  return out;
}

/**
 * A time-bound badge held by a grant made after the event `c` (it lapsed, and a later event granted it afresh):
 * undoing `c` leaves it alone.
 */
export const grantedLater = (held: HeldBadge, c: Pick<Contribution, 'at'>): boolean =>
  held.until !== undefined && held.at > c.at;
