import type { TierState } from '../types';

/** Whether two tiers' `inputs` are equal: the same value, or arrays of the same items. */
function sameValues(a: TierState['inputs'], b: TierState['inputs']): boolean {
  if (a === b) return true;
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

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
  // Fields b leaves out are not read on a (reading absent keys of frozen objects is slow): when a has
  // as many keys as b has defined fields, and those are equal, a has no other key.
  if (b.belowSince !== undefined && a.belowSince !== b.belowSince) return false;
  if (b.downgradeAt !== undefined && a.downgradeAt !== b.downgradeAt) return false;
  if (b.warned !== undefined && a.warned !== b.warned) return false;
  if (b.checkedAt !== undefined && a.checkedAt !== b.checkedAt) return false;
  if (b.inputs !== undefined && !sameValues(a.inputs, b.inputs)) return false;
  if (Object.keys(a).length === definedFields(b)) return true;
  return JSON.stringify(a) === JSON.stringify(b);
}

const definedFields = (tier: TierState): number =>
  2 +
  (tier.belowSince === undefined ? 0 : 1) +
  (tier.downgradeAt === undefined ? 0 : 1) +
  (tier.warned === undefined ? 0 : 1) +
  (tier.reviewAt === undefined ? 0 : 1) +
  (tier.checkedAt === undefined ? 0 : 1) +
  (tier.inputs === undefined ? 0 : 1);
