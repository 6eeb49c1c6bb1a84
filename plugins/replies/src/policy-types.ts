// What `definePolicy` and a typed `dispatch` know of this plugin (types only): its effects' params and the
// event types hosts dispatch to it, by declaration merging.
import type { DeclineParams } from './effects/decline';
import type { SendParams } from './effects/send';

/** What a user submitted (feedback, a suggestion, a review…): its text, and how to tie it to a draft or a need. */
export interface SubmissionPayload {
  /** What the user wrote; its sentiment picks the reply's wording. */
  text?: string;
  /** The client's key of this submission (field `settings.replies.clientKeyField`): a retry with the same key is answered once. */
  clientKey?: string;
  /** The need item this is about: replies are sent once per need and situation. */
  needId?: string;
  /** The draft this submission comes from (cleared once submitted). */
  draftId?: string;
  /** The channel the user wrote from. */
  channel?: string;
  [key: string]: unknown;
}

declare module '@engageloop/core' {
  interface PolicyEffects {
    'replies.send': SendParams;
    'replies.declineWithEncouragement': DeclineParams;
  }
  interface PluginEventTypes {
    'feedback.submitted': SubmissionPayload;
    'suggestion.submitted': SubmissionPayload;
    'complaint.submitted': SubmissionPayload;
    'review.submitted': SubmissionPayload;
    'proposal.submitted': SubmissionPayload & { title?: string };
    'proposal.declined': SubmissionPayload & { title?: string; reason?: string };
    'task.submitted': SubmissionPayload & { taskId?: string; score?: number };
    'draft.saved': { draftId?: string; kind?: string; [key: string]: unknown };
    'draft.discarded': { draftId?: string; [key: string]: unknown };
    /** `eventId`: the earlier action to undo. */
    'action.undone': { eventId?: string; [key: string]: unknown };
  }
}
