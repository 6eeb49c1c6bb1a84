import { type FactContext, ownPath as lookup } from '@engageloop/core';
import type { LifecycleSlice } from '../state/slice';

/** Epoch ms of the date an anniversary counts from, or null when the user has none. */
export function anniversarySource(
  from: string,
  ctx: Pick<FactContext, 'user' | 'event'>,
  slice: LifecycleSlice,
): number | null {
  if (from === 'firstActive') return slice.firstActiveAt;
  if (from === 'firstPurchase') return slice.firstPurchaseAt;
  let raw: unknown;
  if (from.startsWith('profile.')) raw = lookup(ctx.user.profile, from.slice('profile.'.length));
  else if (from.startsWith('attributes.'))
    raw = lookup(ctx.user.attributes, from.slice('attributes.'.length));
  else if (from.startsWith('event.payload.'))
    raw = lookup(ctx.event.payload, from.slice('event.payload.'.length));
  if (typeof raw === 'number' && Number.isFinite(raw)) return raw;
  if (typeof raw !== 'string') return null;
  const ms = Date.parse(raw);
  return Number.isFinite(ms) ? ms : null;
}
