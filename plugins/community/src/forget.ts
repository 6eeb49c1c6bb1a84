import type { ForgetPlan, UserState } from '@engageloop/core';
import { CREDIT_COUNTERS } from './credits';
import { CONTEST_COUNTERS } from './keys';
import type { CommunitySlice, GroupState, ItemState } from './types';

function forgetInItem(item: ItemState, userId: string, pseudonym: string): ItemState | undefined {
  const owner = item.ownerId === userId;
  const credited = item.credits?.some((c) => c.user === userId) === true;
  if (!owner && !credited && !item.reviews.some((r) => r.by === userId)) return undefined;
  return {
    ...item,
    ownerId: owner ? pseudonym : item.ownerId,
    reviews: item.reviews.map((r) => (r.by === userId ? { ...r, by: pseudonym } : r)),
    ...(item.credits
      ? { credits: item.credits.map((c) => (c.user === userId ? { ...c, user: pseudonym, name: null } : c)) }
      : {}),
  };
}

function forgetInGroup(group: GroupState, userId: string, pseudonym: string): GroupState | undefined {
  if (!group.members.some((m) => m.userId === userId) && !group.streak.checkedIn.includes(userId))
    return undefined;
  return {
    ...group,
    members: group.members.map((m) => (m.userId === userId ? { ...m, userId: pseudonym } : m)),
    streak: { ...group.streak, checkedIn: group.streak.checkedIn.map((u) => (u === userId ? pseudonym : u)) },
  };
}

/**
 * The items and groups a user is in (as an item's owner or reviewer, a group's member): their id becomes the
 * pseudonym; scores, roles, tallies and streaks stay, so rankings and group goals still add up. The counters
 * keyed by user (contest entries that rank users, honour walls) take the pseudonym with their value. Pure.
 */
export function forgetPlan(userId: string, pseudonym: string): ForgetPlan {
  return {
    documents: ['entity:item:', 'entity:group:'],
    // `community:contest:<id>:<period>:<entry>` and `community:credits:<as>:<user>`: the id ends the key.
    counters: [CONTEST_COUNTERS, CREDIT_COUNTERS],
    scrub: (_key, value) => {
      const doc = value as UserState;
      const slice = doc.slices?.community as CommunitySlice | undefined;
      const item = slice?.item && forgetInItem(slice.item, userId, pseudonym);
      const group = slice?.group && forgetInGroup(slice.group, userId, pseudonym);
      if (!item && !group) return undefined;
      const next: CommunitySlice = { ...slice, ...(item ? { item } : {}), ...(group ? { group } : {}) };
      return { ...doc, slices: { ...doc.slices, community: next } };
    },
  };
}
