import type { UserState } from './types';

/** A user document's keys in the order `initialUserState` gives them (and a store keeps). */
const USER_KEYS = ['id', 'firstSeenAt', 'lastSeenAt', 'profile', 'attributes', 'counts', 'slices'] as const;

/**
 * Whether `user` enumerates exactly the seven keys of a user, in `USER_KEYS` order (an inherited enumerable key,
 * left by a polluted prototype, makes it not so).
 */
function isPlainUser(user: UserState): boolean {
  let i = 0;
  for (const key in user) {
    if (key !== USER_KEYS[i]) return false;
    i++;
  }
  return i === USER_KEYS.length;
}

/**
 * `{ ...user, ...parts }`. A dispatch makes a new user several times (counts, each slice, attributes), and the
 * first copy's source is the document the memory store froze: a spread of a frozen object takes V8's slow path.
 * A user with exactly the seven keys of `initialUserState`, in that order (every user the engine or a store
 * makes), is rebuilt as one literal instead, which gives the spread's keys in the spread's order; any other user
 * (a key added by hand, another order) is spread.
 */
export function userWith(user: UserState, parts: Partial<UserState>): UserState {
  if (!isPlainUser(user)) return { ...user, ...parts };
  return {
    id: Object.hasOwn(parts, 'id') ? (parts.id as string) : user.id,
    firstSeenAt: Object.hasOwn(parts, 'firstSeenAt')
      ? (parts.firstSeenAt as UserState['firstSeenAt'])
      : user.firstSeenAt,
    lastSeenAt: Object.hasOwn(parts, 'lastSeenAt')
      ? (parts.lastSeenAt as UserState['lastSeenAt'])
      : user.lastSeenAt,
    profile: Object.hasOwn(parts, 'profile') ? (parts.profile as UserState['profile']) : user.profile,
    attributes: Object.hasOwn(parts, 'attributes')
      ? (parts.attributes as UserState['attributes'])
      : user.attributes,
    counts: Object.hasOwn(parts, 'counts') ? (parts.counts as UserState['counts']) : user.counts,
    slices: Object.hasOwn(parts, 'slices') ? (parts.slices as UserState['slices']) : user.slices,
  };
}

/**
 * `userWith(user, { profile, counts, firstSeenAt, lastSeenAt })` (the core plugin's bookkeeping of an event, once per
 * dispatch) without the parts object, and a plain user's copy without asking which parts are given.
 */
export function userMoved(
  user: UserState,
  profile: UserState['profile'],
  counts: UserState['counts'],
  firstSeenAt: UserState['firstSeenAt'],
  lastSeenAt: UserState['lastSeenAt'],
): UserState {
  if (!isPlainUser(user)) return { ...user, profile, counts, firstSeenAt, lastSeenAt };
  const { id, attributes, slices } = user;
  return { id, firstSeenAt, lastSeenAt, profile, attributes, counts, slices };
}

/** `userWith(user, {})`: a copy of `user` (a plain one as one literal). */
export function userCopy(user: UserState): UserState {
  if (!isPlainUser(user)) return { ...user };
  const { id, firstSeenAt, lastSeenAt, profile, attributes, counts, slices } = user;
  return { id, firstSeenAt, lastSeenAt, profile, attributes, counts, slices };
}
