/** Typed loop events of the incentives plugin (declaration merging on `LoopEvents`). */
export interface RewardGranted {
  eventId: string;
  userId: string;
  ruleId: string;
  wallet: string;
  /** Amount credited (after multipliers and caps). */
  points: number;
  /** Amount asked for after multipliers, before caps. */
  requested: number;
  multiplier: number;
  reason: string;
  entryId: string;
}

/** Payload of `reward:capped`: an award was reduced (or blocked) by caps or budgets; `caps` says which and how far. */
export interface RewardCapped {
  eventId: string;
  userId: string;
  ruleId: string;
  wallet: string;
  requested: number;
  granted: number;
  caps: Array<{ id: string; kind: 'cap' | 'budget'; max: number; used: number; reason: 'limit' | 'late' }>;
}

declare module '@engageloop/core' {
  interface LoopEvents {
    'reward:granted': RewardGranted;
    'reward:capped': RewardCapped;
    'reward:revoked': {
      eventId: string;
      userId: string;
      ruleId: string;
      wallet: string;
      points: number;
      reverses: string;
    };
    /** An undo made an award count again (`reinstates`: the award entry repeated), e.g. a previous best version's. */
    'reward:reinstated': {
      eventId: string;
      userId: string;
      ruleId: string;
      wallet: string;
      points: number;
      reinstates: string;
    };
    'reward:converted': {
      eventId: string;
      userId: string;
      from: string;
      to: string;
      points: number;
      credited: number;
    };
    'tier:changed': {
      eventId: string;
      userId: string;
      from: string | null;
      to: string;
      direction: 'up' | 'down' | 'initial';
      score: number;
    };
    'tier:will-downgrade': {
      eventId: string;
      userId: string;
      tier: string;
      to: string;
      downgradeAt: string;
      score: number;
    };
    /** A badge, title or perk granted (or a time-bound one renewed: `previousLevel` = `level`); `until`: when it lapses. */
    'badge:granted': {
      eventId: string;
      userId: string;
      badge: string;
      level: number;
      previousLevel: number;
      until?: string;
    };
    /** A revoke with scope `event` took back the event that earned a badge: it is withdrawn to level `to` (0: gone). */
    'badge:withdrawn': {
      eventId: string;
      userId: string;
      undoneEventId: string;
      badge: string;
      level: number;
      to: number;
    };
    'milestone:reached': {
      eventId: string;
      userId: string;
      milestone: string;
      threshold: number;
      value: number;
    };
    /** A revoke with scope `event` left a milestone's count below its threshold: it is no longer reached. */
    'milestone:withdrawn': {
      eventId: string;
      userId: string;
      undoneEventId: string;
      milestone: string;
      threshold: number;
      value: number;
    };
    'streak:extended': {
      eventId: string;
      userId: string;
      streak: string;
      count: number;
      best: number;
      frozen: number;
    };
    'streak:broken': { eventId: string; userId: string; streak: string; count: number };
  }
}
