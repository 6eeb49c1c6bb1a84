import type { TierState } from '../types';

/**
 * Whether two tier states have the same JSON. The common case — the same fields, as every review
 * builds them — compares them directly; anything else (a key this version does not write, an
 * undefined one) falls back to comparing the JSON text.
 */
export function sameTier(a: TierState | null, b: TierState | null): boolean {
  if (a === b) return true;
  if (a === null || b === null) return false;
  // The review time moves with most awards: compare it first.
  if (a.reviewAt !== b.reviewAt || a.id !== b.id || a.since !== b.since) return false;
  const fields = Object.keys(a).length;
  // { id, since } on both sides (a's review time, equal to b's, is then undefined too).
  if (fields === 2 && b.belowSince === undefined && b.downgradeAt === undefined && b.warned === undefined)
    return true;
  if (a.belowSince !== b.belowSince || a.downgradeAt !== b.downgradeAt || a.warned !== b.warned) return false;
  if (fields === definedFields(b)) return true;
  return JSON.stringify(a) === JSON.stringify(b);
}

const definedFields = (tier: TierState): number =>
  2 +
  (tier.belowSince === undefined ? 0 : 1) +
  (tier.downgradeAt === undefined ? 0 : 1) +
  (tier.warned === undefined ? 0 : 1) +
  (tier.reviewAt === undefined ? 0 : 1);
