/**
 * Fault-tolerant replies: templates per situation and language, sentiment-aware wording, decline with
 * encouragement, never-silent acknowledgements (also when a dispatch fails), drafts, undo and retries.
 *
 * @module @engageloop/replies
 */
import './events';
import './policy-types';

export type { DeclineParams } from './effects/decline';
export type { SendParams } from './effects/send';
export type { ReplyOrigin, ReplyQueued } from './events';
export type { RepliesOptions } from './options';
export { REPLIES_VERSION, replies } from './plugin';
export type { SubmissionPayload } from './policy-types';
export type { VariableSpec } from './reply';
export type { LexiconClassifierOptions, Sentiment, SentimentClassifier } from './sentiment/classifier';
export { createLexiconClassifier } from './sentiment/classifier';
export type { RepliesSettings } from './settings';
export { DEFAULT_FEEDBACK_EVENTS, defaultSettings, settingsSchema } from './settings';
export type { ActionRecord, BestVersion, CurrentDispatch, Draft, RepliesState, UndoStatus } from './state';
export type { TemplateTable } from './templates/defaults';
export { DEFAULT_TEMPLATES, SITUATIONS } from './templates/defaults';
export type { ResolvedReply } from './templates/resolve';
export { resolveReply } from './templates/resolve';
export { assertUndoWindow } from './undo';
