import type { Store } from '@engageloop/core';
import { priorityOf } from './priority';
import { readNeeds } from './read-needs';
import { reliabilityOf } from './reliability';
import { type NeedsSettings, resolveNeedsSettings } from './settings';
import { DECIDED } from './transitions';
import type { NeedDoc, NeedStatus } from './types';

/** A need item with its priority score and the inputs of the score, as `rankNeeds` lists them. */
export interface RankedNeed {
  id: string;
  kind: NeedDoc['kind'];
  status: NeedStatus;
  score: number;
  reach: 'common' | 'individual';
  reliability: number;
  supporters: number;
  createdAt: number;
  need: NeedDoc;
}

/** Which need items `rankNeeds` lists, and how many. */
export interface RankOptions {
  /** Statuses to include; default the open ones (not yet adopted, declined, duplicate or closed). */
  statuses?: NeedStatus[];
  limit?: number;
}

/** Pure ranking: score, then supporters (more first), then capture time (older first), then id. */
export function rankNeedList(
  needs: readonly NeedDoc[],
  settings?: Partial<NeedsSettings>,
  options: RankOptions = {},
): RankedNeed[] {
  const s = resolveNeedsSettings(settings);
  const keep = (status: NeedStatus) =>
    options.statuses ? options.statuses.includes(status) : !DECIDED.has(status);
  const ranked = needs
    .filter((n) => keep(n.status))
    .map((need) => {
      const p = priorityOf(need, s.priority);
      return {
        id: need.id,
        kind: need.kind,
        status: need.status,
        score: p.score,
        reach: p.reach,
        reliability: reliabilityOf(need, s.reliability),
        supporters: need.supporters.length,
        createdAt: need.createdAt,
        need,
      };
    })
    .sort(
      (a, b) =>
        b.score - a.score ||
        b.supporters - a.supporters ||
        a.createdAt - b.createdAt ||
        (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    );
  return options.limit === undefined ? ranked : ranked.slice(0, options.limit);
}

/**
 * The ranked list of needs from the store, highest priority first, scored with the policy's
 * `settings.needs` (pass `policy.settings.needs`; missing parts take the defaults).
 *
 * @example
 * const top = await rankNeeds(store, policy.settings.needs as NeedsSettings, { limit: 10 });
 */
export async function rankNeeds(
  store: Pick<Store, 'listDocuments'>,
  settings?: Partial<NeedsSettings>,
  options: RankOptions = {},
): Promise<RankedNeed[]> {
  return rankNeedList(await readNeeds(store), settings, options);
}
