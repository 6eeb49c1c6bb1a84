// Loop events of the community plugin, by declaration merging (visible to rules as `signals`).
import type { Placing } from './contests';
import type { Role } from './types';

declare module '@engageloop/core' {
  interface LoopEvents {
    /** A user liked, voted or withdrew (`delta` -1) on an item. */
    'community:reacted': { item: string; reaction: string; delta: 1 | -1; by: string };
    /** An item was created. */
    'community:item-created': { item: string; kind: string; owner: string; group: string | null };
    /** An item was reviewed: its mean score under the scheme and whether it passed. */
    'community:item-reviewed': { item: string; scheme: string; score: number | null; passed: boolean };
    /** An item moved to a stage of its track (`refused` when the track does not allow the move). */
    'community:item-moved': {
      item: string;
      track: string;
      from: string | null;
      to: string;
      refused: boolean;
    };
    /** A user was credited on an item (`as`: naming, course-page…), showing `name`. */
    'community:item-credited': { item: string; user: string; as: string; name: string | null; at: number };
    /** An item stayed in a stage past its deadline. */
    'community:item-overdue': { item: string; track: string; stage: string; since: number };
    /** A group's membership changed. */
    'community:group-changed': {
      group: string;
      kind: string;
      change: 'created' | 'joined' | 'left' | 'role';
      user: string;
      role: Role | null;
      size: number;
    };
    /** A group refused a request (a join beyond its size, a role set by a member…). */
    'community:group-refused': { group: string; action: string; user: string; reason: string };
    /** Every member checked in on a day: the group's shared streak. */
    'community:group-day': { group: string; day: number; streak: number };
    /** A group goal completed or failed (a group buy, a challenge). */
    'community:group-goal': {
      group: string;
      kind: string;
      goal: 'buy' | 'challenge';
      outcome: 'completed' | 'failed';
      size: number;
      streak: number;
    };
    /** A contest period closed with its winners. */
    'community:contest-closed': { contest: string; period: string; winners: Placing[] };
    /** A user received a rating. */
    'community:rated': { by: string; item: string; rating: number; average: number };
    /** A user's periodic digest was queued. */
    'community:digest-sent': { digest: string; period: string; count: number };
  }
}
