import { resolvePath } from './path';
import type { Policy } from './types';

/**
 * The id of the earlier event an event undoes, when the policy declares its type an undo or a removal
 * (`eventTypes.<type>.undoes.eventIdPath`, e.g. `action.undone` naming `$.payload.eventId`); else undefined.
 * Plugins that keep what an event caused (need items, reactions) read it to take that back.
 *
 * @example
 * undoneEventId(policy, { type: 'action.undone', payload: { eventId: 'e1' } }) // 'e1'
 */
export function undoneEventId(
  policy: Pick<Policy, 'document'>,
  event: { type: string; payload: Record<string, unknown> },
): string | undefined {
  const types = policy.document.eventTypes;
  const declared = types && Object.hasOwn(types, event.type) ? types[event.type] : undefined;
  const path = declared?.undoes?.eventIdPath;
  if (path === undefined) return undefined;
  const id = resolvePath(event, path);
  return typeof id === 'string' && id !== '' ? id : undefined;
}

const undoTypes = new WeakMap<object, boolean>();

/**
 * Whether the policy declares any event type that undoes an earlier event (`eventTypes.<type>.undoes`).
 * Plugins that would remember what an event did only so an undo can take it back skip that work when none
 * can come. Cached per policy document.
 */
export function declaresUndo(policy: Pick<Policy, 'document'>): boolean {
  const doc = policy.document;
  let known = undoTypes.get(doc);
  if (known === undefined) {
    known = Object.values(doc.eventTypes ?? {}).some((t) => t?.undoes !== undefined);
    undoTypes.set(doc, known);
  }
  return known;
}
