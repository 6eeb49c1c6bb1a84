import type { MultiplierSettings } from '../settings-types';

export interface MultiplierContext {
  ruleId: string;
  wallet: string;
  tier: string | undefined;
  /** Event time, epoch ms. */
  t: number;
}

/** The multipliers that apply to an award (tier-based and time-boxed campaigns). */
export function applicableMultipliers(
  multipliers: readonly MultiplierSettings[],
  ctx: MultiplierContext,
): MultiplierSettings[] {
  return multipliers.filter(
    (m) =>
      (m.tiers === undefined || (ctx.tier !== undefined && m.tiers.includes(ctx.tier))) &&
      (m.rules === undefined || m.rules.includes(ctx.ruleId)) &&
      (m.wallets === undefined || m.wallets.includes(ctx.wallet)) &&
      (m.from === undefined || ctx.t >= Date.parse(m.from)) &&
      (m.to === undefined || ctx.t < Date.parse(m.to)),
  );
}

/** The product of the factors of the multipliers that apply. */
export const multiplierFactor = (
  multipliers: readonly MultiplierSettings[],
  ctx: MultiplierContext,
): number =>
  multipliers.length === 0
    ? 1
    : applicableMultipliers(multipliers, ctx).reduce((factor, m) => factor * m.factor, 1);
