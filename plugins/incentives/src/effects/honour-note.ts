import { localized } from '@engageloop/core';
import type { HonourKind } from '../settings-types';
import type { Ctx } from './shared';

const KIND = {
  badge: ['badge', '徽章'],
  title: ['title', '称号'],
  perk: ['perk', '权益'],
} as const satisfies Record<HonourKind, readonly [string, string]>;

/**
 * A trace line (`explain`) for a granted title, perk or time-bound badge: what it is and how long it is held,
 * e.g. `title "co-creator" granted for life` / `称号「co-creator」已授予（终身）`.
 */
export function noteHonour(ctx: Pick<Ctx, 'note'>, id: string, kind: HonourKind | undefined, until?: number) {
  const [en, zh] = KIND[kind ?? 'badge'];
  const end = until === undefined ? undefined : new Date(until).toISOString();
  ctx.note(
    localized(
      `${en} "${id}" granted ${end === undefined ? 'for life' : `until ${end}`}`,
      `${zh}「${id}」已授予（${end === undefined ? '终身' : `有效至 ${end}`}）`,
    ),
    { badge: id, kind: kind ?? 'badge', until: end ?? null },
  );
}
