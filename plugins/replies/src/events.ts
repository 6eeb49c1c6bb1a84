import type { EngageLoopError } from '@engageloop/core';

/** Why a reply was queued: by a rule, by the never-silent check after the rules, or after a failure. */
export type ReplyOrigin = 'rule' | 'never-silent' | 'failure';

/** Payload of `reply:queued`: a reply was put in the outbox, from which template, and why (a rule, never-silent, a failure). */
export interface ReplyQueued {
  eventId: string;
  userId: string;
  messageId: string;
  dedupeKey: string;
  /** The situation asked for, and the template actually used after the fallback chain (`safe` = built-in). */
  situation: string;
  template: string;
  locale: string;
  channel: string | null;
  origin: ReplyOrigin;
}

declare module '@engageloop/core' {
  interface LoopEvents {
    'reply:queued': ReplyQueued;
    'reply:priority-invite': { eventId: string; userId: string; flag: string };
    'undo:applied': {
      eventId: string;
      userId: string;
      undoneEventId: string;
      compensated: string[];
      cancelled: string[];
    };
    'undo:refused': { eventId: string; userId: string; undoneEventId: string; error: EngageLoopError };
    'draft:saved': { eventId: string; userId: string; draftId: string };
    'draft:discarded': {
      eventId: string;
      userId: string;
      draftId: string;
      reason: 'discarded' | 'submitted';
    };
    'task:best-kept': {
      eventId: string;
      userId: string;
      taskId: string;
      score: number;
      previous: number | null;
    };
  }
}
