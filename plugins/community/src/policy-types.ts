// What `definePolicy` and `dispatch` know of this plugin (types only), by declaration merging.
import type { CreditParams } from './credits';
import type { CreateItemParams, MoveParams, ScoreParams } from './effects';
import type { Role } from './types';

declare module '@engageloop/core' {
  interface PolicyEffects {
    'community.createItem': CreateItemParams;
    'community.move': MoveParams;
    'community.score': ScoreParams;
    'community.checkIn': Record<string, never>;
    'community.credit': CreditParams;
  }
  // Event types hosts dispatch to the community plugin (the rest are its derived events and timers).
  interface PluginEventTypes {
    'community.like': { item: string };
    'community.unlike': { item: string };
    'community.vote': { item: string; option?: string };
    'community.unvote': { item: string };
    'community.review': { item: string; scheme: string; scores: Record<string, number> };
    'community.rate': { item: string; user: string; rating: number };
    'community.group.create': { group: string; kind?: string };
    'community.group.join': { group: string };
    'community.group.leave': { group: string };
    'community.group.role': { group: string; member: string; role: Role };
  }
}
