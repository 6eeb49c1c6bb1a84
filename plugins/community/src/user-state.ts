import type { CommunitySlice, Reaction, UserCommunity } from './types';

/** The user part of a slice, empty for a user the plugin has not seen. */
export function userPart(slice: CommunitySlice): UserCommunity {
  return slice.user ?? { reacted: {}, rated: [], ratings: { count: 0, sum: 0 }, groups: {}, digest: {} };
}

/** What a reaction or its withdrawal changed: the tally counters to bump (`like`, `vote:<option>`) by ±1. */
export interface ReactionChange {
  user: UserCommunity;
  bumps: Array<{ reaction: string; delta: 1 | -1 }>;
}

const tallyName = (r: Reaction): string => (r.kind === 'like' ? 'like' : `vote:${r.option}`);

/**
 * Gives a reaction, or withdraws it (`reaction: null`): one like and one vote per user per item. A vote for
 * another option moves the vote. Pure. Past `limit` remembered items the oldest are forgotten (they keep
 * their tallies; the user could then react to a forgotten item again, so keep the limit above what a user
 * does in the life of an item). Returns null when nothing changes (a second like, withdrawing nothing).
 */
export function react(
  user: UserCommunity,
  itemId: string,
  kind: 'like' | 'vote',
  reaction: Reaction | null,
  limit: number,
): ReactionChange | null {
  const key = `${kind}|${itemId}`;
  const before = Object.hasOwn(user.reacted, key) ? user.reacted[key] : undefined;
  if (reaction === null && before === undefined) return null;
  if (reaction && before && tallyName(before) === tallyName(reaction)) return null;
  const bumps: ReactionChange['bumps'] = [];
  if (before) bumps.push({ reaction: tallyName(before), delta: -1 });
  if (reaction) bumps.push({ reaction: tallyName(reaction), delta: 1 });
  const reacted: Record<string, Reaction> = Object.create(null);
  const kept = Object.entries(user.reacted).filter(([k]) => k !== key);
  for (const [k, v] of kept.slice(Math.max(0, kept.length - (reaction ? limit - 1 : limit)))) reacted[k] = v;
  if (reaction) reacted[key] = reaction;
  return { user: { ...user, reacted }, bumps };
}

/** The reaction a user gave an item (`like` or `vote`), if remembered. */
export function reactionOf(user: UserCommunity, itemId: string, kind: 'like' | 'vote'): Reaction | undefined {
  const key = `${kind}|${itemId}`;
  return Object.hasOwn(user.reacted, key) ? user.reacted[key] : undefined;
}

/**
 * Records that `user` rated `ratedUser` about `itemId` (once per pair and item). Pure; null when it was
 * rated before. Past `limit` the oldest keys are forgotten.
 */
export function rate(
  user: UserCommunity,
  itemId: string,
  ratedUser: string,
  limit: number,
): UserCommunity | null {
  const key = `${itemId}|${ratedUser}`;
  if (user.rated.includes(key)) return null;
  return { ...user, rated: [...user.rated, key].slice(-limit) };
}

/** Adds a received rating (1–5) to the user's average (a withdrawn one: `-rating` and `count` -1). Pure. */
export function receiveRating(user: UserCommunity, rating: number, count: 1 | -1 = 1): UserCommunity {
  return { ...user, ratings: { count: user.ratings.count + count, sum: user.ratings.sum + rating } };
}
