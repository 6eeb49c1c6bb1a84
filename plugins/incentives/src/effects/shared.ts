import type { DispatchContext, EffectContext } from '@engageloop/core';
import { defaultSettings } from '../settings';
import type { IncentivesSettings } from '../settings-types';
import type { IncentivesState } from '../types';

/** What the shared helpers need from an effect or hook context. */
export type Ctx =
  | DispatchContext<IncentivesState, IncentivesSettings>
  | EffectContext<IncentivesState, IncentivesSettings>;

/**
 * The plugin's settings in a dispatch: complete, merged with the defaults once when the policy loaded (core's
 * `settingsFor`), so nothing is merged per call; the defaults when a policy loaded without this plugin has none.
 */
export const settingsOf = (ctx: Pick<Ctx, 'settings'>): IncentivesSettings =>
  (ctx.settings as IncentivesSettings | undefined) ?? defaultSettings;

/** Reads `$.payload.a.b` (or `payload.a.b`) from the event: own properties only. */
export function readEventPath(event: unknown, path: string): unknown {
  const parts = path
    .replace(/^\$\.?/, '')
    .split('.')
    .filter(Boolean);
  let value: unknown = event;
  for (const part of parts) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, part)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** The id of the per-user tier review timer. */
export const tierTimerId = (userId: string): string => `incentives.tier-review:${userId}`;

export const TIER_REVIEW_EVENT = 'incentives.tier-review';

/** Bounds on what a slice keeps, so a million users fit in memory. */
export const LIMITS = { tierHistory: 20 } as const;
