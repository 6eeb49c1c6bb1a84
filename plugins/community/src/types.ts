/** The kinds of subject the community plugin keeps a slice on: users, items, groups and contests. */
export const ROLES = ['owner', 'leader', 'tutor', 'member'] as const;
/** A member's role in a group: `owner` and `leader` may set roles; `tutor` and `member` may not. */
export type Role = (typeof ROLES)[number];

/** What a user reacted to an item with: a like, or a vote (with its option, `yes` by default). */
export type Reaction = { kind: 'like' } | { kind: 'vote'; option: string };

/** One multi-criteria review of an item: scores per criterion, and their weighted mean. */
export interface ItemReview {
  by: string;
  scheme: string;
  scores: Record<string, number>;
  score: number;
  at: number;
  /** The item's stage visit the review was given in (see `ItemState.visit`). */
  visit?: number;
}

/** An item (post, proposal, suggestion, task, review…): its owner, kind, group and progress stage. */
export interface ItemState {
  id: string;
  kind: string;
  ownerId: string;
  createdAt: number;
  /** The group the item was posted in, if any (its likes then count for the group too). */
  group: string | null;
  /** The progress track the item follows, its current stage, and when it entered it. */
  track: string | null;
  stage: string | null;
  stageSince: number | null;
  /** Entries into a stage so far: each entry is a new visit, and a `round: "stage"` scheme counts only its reviews. */
  visit?: number;
  /** The latest review per reviewer (bounded by `settings.limits.reviews`). */
  reviews: ItemReview[];
  /** Users credited on the item (`community.credit`), once per user and `as`; absent until the first. */
  credits?: ItemCredit[];
}

/** A user credited on an item: for what (`as`: naming, course-page…), the name shown, and when. */
export interface ItemCredit {
  user: string;
  as: string;
  name: string | null;
  at: number;
}

/** One member of a group. */
export interface Member {
  userId: string;
  role: Role;
  since: number;
}

/** A group goal's progress: the shared streak of days on which every member checked in. */
export interface GroupStreak {
  /** Local day number of the last complete day, and the run of consecutive complete days ending there. */
  lastDay: number | null;
  length: number;
  /** The day being filled, and who checked in on it. */
  day: number | null;
  checkedIn: string[];
  best: number;
}

/** A group or team: kind, members with roles, and the state of its goals. */
export interface GroupState {
  id: string;
  kind: string;
  createdAt: number;
  members: Member[];
  streak: GroupStreak;
  /** The latest role changes (at most 20): `[event id, member, role before]`, so an undo can set the role back. */
  roles?: Array<[string, string, Role]>;
  /** A group buy's status (`open` until its target is met or its deadline passes); null for other kinds. */
  buy: { status: 'open' | 'completed' | 'failed'; deadline: number } | null;
}

/** What a contest entity remembers: the periods it has closed (bounded), so a period closes once. */
export interface ContestState {
  id: string;
  closed: string[];
}

/** What a user's slice remembers: reactions given, ratings given and received, groups joined. */
export interface UserCommunity {
  /** Item id → reaction (bounded by `settings.limits.reactions`; the oldest are forgotten first). */
  reacted: Record<string, Reaction>;
  /** `<item>:<rated user>` keys this user has rated (bounded), so a rating counts once. */
  rated: string[];
  /** Ratings this user received: count and sum (1–5). */
  ratings: { count: number; sum: number };
  /** Group id → role. */
  groups: Record<string, Role>;
  /** Digest counts per `<digest>|<period key>`, for the periodic digest message. */
  digest: Record<string, number>;
  /** The latest community actions by event id (at most 50), so an undo of one can take it back. */
  done?: Array<[string, UndoableAction]>;
}

/**
 * A community action an undo can take back: a reaction (with the user's reaction to the item before and after
 * it), a rating given, a review given, a group joined or created, a role set, an item created.
 */
export type UndoableAction =
  | {
      kind: 'react';
      item: string;
      reaction: 'like' | 'vote';
      before: Reaction | null;
      after: Reaction | null;
    }
  | { kind: 'rate'; item: string; user: string; rating: number }
  | { kind: 'review'; item: string; scheme: string }
  | { kind: 'join' | 'create'; group: string }
  | { kind: 'role'; group: string; member: string; role: Role }
  | { kind: 'item'; item: string; itemKind: string };

/**
 * The plugin's slice of one subject. A user has `user`; an `item:` entity has `item`; a `group:` entity has
 * `group`; a `contest:` entity has `contest`. Parts a subject does not use stay absent.
 */
export interface CommunitySlice {
  user?: UserCommunity;
  item?: ItemState;
  group?: GroupState;
  contest?: ContestState;
}
