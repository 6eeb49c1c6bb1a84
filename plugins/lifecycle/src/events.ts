/** Loop events the lifecycle plugin emits (declaration merging on `LoopEvents`). */
declare module '@engageloop/core' {
  interface LoopEvents {
    /** A user moved from one lifecycle stage to another (`from` is null for a user's first stage). */
    'stage:changed': { userId: string; from: string | null; to: string; at: string };
    /** A care message was queued to the outbox (`notBefore` is after quiet hours when deferred). */
    'care:queued': { userId: string; trigger: string; channel: string; notBefore: number; dedupeKey: string };
    /** A care message or trigger timer was scheduled for later. */
    'care:scheduled': { userId: string; trigger: string; timerId: string; dueAt: number };
    /** Pending care was withdrawn (exit condition). */
    'care:cancelled': { userId: string; triggers: string[] };
  }
}

export {};
