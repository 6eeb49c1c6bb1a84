import { type DispatchContext, EngageLoopError } from '@engageloop/core';
import type { CommunitySettings } from './settings';
import type { CommunitySlice } from './types';

/** The dispatch context the community plugin's hooks and effects work with. */
export type Ctx = DispatchContext<CommunitySlice, CommunitySettings>;

/** What hooks and effects share (an effect cannot set the slice: it returns it). */
export type IntentCtx = Omit<Ctx, 'setSlice'>;

/** The subject of an event: a user, or an entity of a kind (`item`, `group`, `contest`) and its id. */
export interface Subject {
  kind: 'user' | string;
  id: string;
}

/** Whom an event is about: `{ kind: 'user', id }`, or the entity key split into kind and id. */
export function subjectOf(event: { userId: string; entity?: string }): Subject {
  const entity = event.entity;
  if (entity === undefined) return { kind: 'user', id: event.userId };
  const colon = entity.indexOf(':');
  return { kind: entity.slice(0, colon), id: entity.slice(colon + 1) };
}

/** A string field of the payload, or undefined. */
export const str = (payload: Record<string, unknown>, key: string): string | undefined =>
  typeof payload[key] === 'string' ? (payload[key] as string) : undefined;

/** Refuses bad input: nothing of the event is applied. */
export function invalid(message: string, hint?: string): never {
  throw new EngageLoopError('EVENT_PAYLOAD_INVALID', {
    plugin: 'community',
    message,
    ...(hint ? { hint } : {}),
  });
}

/** `map[key]` when `key` is the map's own (never an inherited `constructor` or `__proto__`). */
export const own = <T>(map: Readonly<Record<string, T>>, key: string | null | undefined): T | undefined =>
  key !== null && key !== undefined && Object.hasOwn(map, key) ? map[key] : undefined;
