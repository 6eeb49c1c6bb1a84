/**
 * Reads the tier from the incentives plugin's slice without depending on that package:
 * `{ tier: "core" }`, `{ tier: { id: "core" } }` or `{ tier: { name: "core" } }` (own properties only);
 * null otherwise.
 */
export function readTier(incentives: unknown): string | null {
  if (incentives === null || typeof incentives !== 'object' || !Object.hasOwn(incentives, 'tier'))
    return null;
  const tier = (incentives as { tier: unknown }).tier;
  if (typeof tier === 'string') return tier;
  if (tier === null || typeof tier !== 'object') return null;
  for (const key of ['id', 'name']) {
    if (Object.hasOwn(tier, key)) {
      const value = (tier as Record<string, unknown>)[key];
      if (typeof value === 'string') return value;
    }
  }
  return null;
}
