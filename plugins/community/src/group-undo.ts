import type { GroupState, Role } from './types';

/** How many role changes a group remembers so an undo can set the role back. */
const REMEMBERED = 20;

/** The group remembering that the event `eventId` changed `member`'s role from `previous`. Pure. */
export function rememberRole(group: GroupState, eventId: string, member: string, previous: Role): GroupState {
  const roles = [...(group.roles ?? []), [eventId, member, previous] as [string, string, Role]].slice(
    -REMEMBERED,
  );
  return { ...group, roles };
}

/**
 * The group with the role change of the undone event `eventId` taken back: `member` gets its role before,
 * unless a later change moved it from `role` (what the event set) or it left. Null when there is nothing to undo.
 */
export function undoRole(group: GroupState, eventId: string, member: string, role: Role): GroupState | null {
  const found = group.roles?.find(([id, m]) => id === eventId && m === member);
  const current = group.members.find((m) => m.userId === member);
  if (!found || current?.role !== role) return null;
  const roles = (group.roles ?? []).filter((r) => r !== found);
  const members = group.members.map((m) => (m.userId === member ? { ...m, role: found[2] } : m));
  return { ...group, members, roles };
}
