// Public API of @engageloop/community. Named exports only.
export type { Placing } from './contests';
export { placings } from './contests';
export { periodEnd } from './periods';
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
  ItemReview,
  ItemState,
  Member,
  Reaction,
  Role,
  UserCommunity,
} from './types';
export { ROLES } from './types';
