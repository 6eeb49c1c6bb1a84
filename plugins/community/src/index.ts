/**
 * Collective mechanics: items with likes, votes, ratings and multi-criteria reviews; groups and teams with roles
 * and size limits; group goals (a shared streak, a group buy, a team fund); period contests and leaderboards;
 * progress tracks; periodic digests. Named exports only.
 *
 * @module @engageloop/community
 */
import './loop-events';
import './policy-types';

export type { Placing } from './contests';
export { placings } from './contests';
export type { CreditParams, HonourWallEntry } from './credits';
export { honourWall } from './credits';
export type { CreateItemParams, MoveParams, ScoreParams } from './effects';
export { ENTITY_EVENTS, OWNER_EVENTS, USER_EVENTS } from './events';
export type { SignalLike } from './invariants';
export { contestWithinTop, reactionsCountOnce } from './invariants';
export type { LeaderboardEntry } from './leaderboard';
export { leaderboard } from './leaderboard';
export type { CommunityOptions } from './plugin';
export { community } from './plugin';
export type {
  CommunitySettings,
  ContestSettings,
  DigestSettings,
  GroupKindSettings,
  ReviewScheme,
  TrackSettings,
} from './settings';
export type {
  CommunitySlice,
  ContestState,
  GroupState,
  GroupStreak,
  ItemCredit,
  ItemReview,
  ItemState,
  Member,
  Reaction,
  Role,
  UserCommunity,
} from './types';
export { ROLES } from './types';
