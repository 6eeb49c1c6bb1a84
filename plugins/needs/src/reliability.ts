import type { NeedsSettings } from './settings';
import type { NeedDoc } from './types';

/**
 * How far a need can be taken at face value, 0–1, from several signals: the author's account age
 * (30 days → full), past adopted feedback (3 → full), other users reporting the same need (3 → full)
 * and how calm the wording is (`1 - |sentiment|`, sentiment in -1…1; neutral when unknown).
 * A score only informs rules and staff: a need is never discarded for it.
 */
export function reliabilityOf(
  need: Pick<NeedDoc, 'signals'>,
  reliability: NeedsSettings['reliability'],
): number {
  const { weights } = reliability;
  const s = need.signals;
  const parts = [
    [weights.accountAge, Math.min(1, Math.max(0, s.accountAgeDays) / 30)],
    [weights.pastAdopted, Math.min(1, s.pastAdopted / 3)],
    [weights.reports, Math.min(1, s.reports / 3)],
    [weights.calm, s.sentiment === null ? 0.5 : 1 - Math.min(1, Math.abs(s.sentiment))],
  ] as const;
  const total = parts.reduce((sum, [w]) => sum + w, 0);
  if (total === 0) return 0;
  const value = parts.reduce((sum, [w, v]) => sum + w * v, 0) / total;
  return Math.round(value * 1000) / 1000;
}
