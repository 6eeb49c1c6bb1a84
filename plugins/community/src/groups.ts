import type { GroupKindSettings } from './settings';
import type { GroupState, Member, Role } from './types';

/** Why a join was refused: the group is full, the user is already in it, or the group does not exist. */
export type JoinRefusal = 'full' | 'already-member' | 'no-group' | 'closed';

/** A new group with its creator as first member (`owner`, or `leader` for a group buy's initiator). */
export function createGroup(
  id: string,
  kind: string,
  settings: GroupKindSettings,
  creator: string,
  role: Role,
  at: number,
): GroupState {
  return {
    id,
    kind,
    createdAt: at,
    members: [{ userId: creator, role, since: at }],
    streak: { lastDay: null, length: 0, day: null, checkedIn: [], best: 0 },
    buy: settings.buy ? { status: 'open', deadline: at + settings.buy.hours * 3_600_000 } : null,
  };
}

/** Adds a member, or says why not (full at `max`, already a member, or a group buy no longer open). Pure. */
export function join(
  group: GroupState,
  settings: GroupKindSettings,
  userId: string,
  at: number,
): GroupState | JoinRefusal {
  if (group.members.some((m) => m.userId === userId)) return 'already-member';
  if (group.buy && group.buy.status !== 'open') return 'closed';
  if (group.members.length >= settings.max) return 'full';
  const member: Member = { userId, role: 'member', since: at };
  return { ...group, members: [...group.members, member] };
}

/**
 * Removes a member; null when they were not one. When the owner leaves, the longest-standing leader, else
 * member, becomes owner. A member leaving drops out of today's check-ins. Pure.
 */
export function leave(group: GroupState, userId: string): GroupState | null {
  const leaving = group.members.find((m) => m.userId === userId);
  if (!leaving) return null;
  let members = group.members.filter((m) => m.userId !== userId);
  if (leaving.role === 'owner' && members.length > 0 && !members.some((m) => m.role === 'owner')) {
    const heir = members.find((m) => m.role === 'leader') ?? (members[0] as Member);
    members = members.map((m) => (m === heir ? { ...m, role: 'owner' as Role } : m));
  }
  const checkedIn = group.streak.checkedIn.filter((u) => u !== userId);
  return { ...group, members, streak: { ...group.streak, checkedIn } };
}

/** Sets a member's role when `by` is the group's owner or a leader (only an owner makes owners). Pure. */
export function setRole(group: GroupState, by: string, userId: string, role: Role): GroupState | null {
  const actor = group.members.find((m) => m.userId === by);
  if (!actor || (actor.role !== 'owner' && actor.role !== 'leader')) return null;
  if (role === 'owner' && actor.role !== 'owner') return null;
  if (!group.members.some((m) => m.userId === userId)) return null;
  return { ...group, members: group.members.map((m) => (m.userId === userId ? { ...m, role } : m)) };
}

/** The role of a user in the group, or null. */
export const roleIn = (group: GroupState, userId: string): Role | null =>
  group.members.find((m) => m.userId === userId)?.role ?? null;

/**
 * Records a member's check-in on local day `day`. When every member (and at least `min`) has checked in,
 * the day is complete: the shared streak grows (or restarts after a missed day). Pure. Returns the group and
 * whether this check-in completed the day.
 */
export function checkIn(
  group: GroupState,
  settings: GroupKindSettings,
  userId: string,
  day: number,
): { group: GroupState; completed: boolean } {
  if (!group.members.some((m) => m.userId === userId)) return { group, completed: false };
  const s = group.streak;
  if (s.lastDay !== null && day <= s.lastDay) return { group, completed: false };
  const checkedIn = s.day === day ? s.checkedIn : [];
  if (checkedIn.includes(userId)) return { group, completed: false };
  const now = [...checkedIn, userId];
  const everyone = group.members.length >= settings.min && group.members.every((m) => now.includes(m.userId));
  if (!everyone) return { group: { ...group, streak: { ...s, day, checkedIn: now } }, completed: false };
  const length = s.lastDay === day - 1 ? s.length + 1 : 1;
  const streak = { lastDay: day, length, day, checkedIn: now, best: Math.max(s.best, length) };
  return { group: { ...group, streak }, completed: true };
}
