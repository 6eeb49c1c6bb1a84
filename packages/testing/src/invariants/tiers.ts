import { asRecord, defineInvariant, pluginSettings } from './define';

const DAY = 86_400_000;

/**
 * Tiers follow the score: a move up (or a first tier) lands on a tier whose threshold the score reaches;
 * a move down happens only when the score is below the old tier's threshold, one level at a time in
 * `one-tier` mode, and not before the grace period (`downgrade.graceDays`) since the score fell below.
 */
export const tierMonotone = defineInvariant(
  'tier monotone in score (respecting grace)',
  (run) => {
    const tiers = asRecord(asRecord(run.policy.settings.incentives)?.tiers) ?? {};
    const levels = (Array.isArray(tiers.levels) ? tiers.levels : []).map((l) => asRecord(l) ?? {});
    const index = new Map(levels.map((l, i) => [String(l.id), i]));
    const min = (id: unknown) => Number(levels[index.get(String(id)) ?? -1]?.minScore ?? Number.NaN);
    const downgrade = asRecord(tiers.downgrade) ?? {};
    const graceMs = Number(downgrade.graceDays ?? 0) * DAY;
    for (const s of run.signals) {
      if (s.name !== 'tier:changed') continue;
      const p = s.payload;
      const score = Number(p.score);
      const where = `${String(p.userId)} at step ${s.step + 1}`;
      if (!index.has(String(p.to))) return `${where} moved to unknown tier "${String(p.to)}"`;
      if (p.direction !== 'down') {
        if (score < min(p.to))
          return `${where} moved up to "${String(p.to)}" (min ${min(p.to)}) with score ${score}`;
        continue;
      }
      if (score >= min(p.from)) {
        return `${where} moved down from "${String(p.from)}" (min ${min(p.from)}) with score ${score}`;
      }
      const step = (index.get(String(p.from)) ?? 0) - (index.get(String(p.to)) ?? 0);
      if (downgrade.mode === 'one-tier' && step !== 1)
        return `${where} dropped ${step} tiers at once in one-tier mode`;
      const before = s.step > 0 ? run.steps[s.step - 1]?.users[String(p.userId)] : undefined;
      const tier = asRecord(asRecord(before?.slices.incentives)?.tier);
      const time = run.eventTimes.get(String(p.eventId));
      if (
        graceMs > 0 &&
        time !== undefined &&
        typeof tier?.belowSince === 'number' &&
        time - tier.belowSince < graceMs
      ) {
        return `${where} moved down ${Math.round((time - tier.belowSince) / DAY)} day(s) after the score fell below, grace is ${graceMs / DAY}`;
      }
    }
    return undefined;
  },
  (policy, registry) => {
    const tiers = asRecord(pluginSettings(policy, registry, 'incentives')?.tiers);
    return Array.isArray(tiers?.levels) && tiers.levels.length > 0;
  },
);
