import type { JsonSchema } from '@engageloop/core';
import { DEFAULT_TEMPLATES, type TemplateTable } from './templates/defaults';

/** The replies part of a policy: `settings.replies`. */
export interface RepliesSettings {
  /** situation → locale → template text with `{{variables}}`. */
  templates: TemplateTable;
  /** Event types that carry user feedback: each gets exactly one reply, even when the dispatch fails. */
  feedbackEvents: string[];
  /**
   * Extra channels that render HTML (values HTML-escaped). Which channels render HTML is decided by the
   * policy's `defaults.channels` over core's `CHANNEL_FORMATS` (unknown channels: html); this list only
   * adds to it (kept for policies written before `defaults.channels`). Default: none.
   */
  htmlChannels: string[];
  /** Outbox `kind` of replies (default `reply`). */
  kind: string;
  /** The user attribute set by `replies.declineWithEncouragement` (default `priorityInvite`). */
  priorityFlag: string;
  /** Payload field that identifies a client-side submission for retries (default `clientKey`). */
  clientKeyField: string;
  undo: {
    /** How long after an action (event time) it may be undone. */
    windowSeconds: number;
    /** Effects applied with `{ eventId, reason }` to compensate, when installed (default `incentives.revoke`). */
    compensate: string[];
    /** After the window: `refuse` (report + `undo:refused` event) or `fail` (the dispatch fails). */
    onExpired: 'refuse' | 'fail';
  };
  best: {
    /** Event types of tasks that may be submitted many times; the best version is kept. */
    eventTypes: string[];
    taskField: string;
    scoreField: string;
    /** When a better version arrives, compensate the previous best's rewards (same effects as undo). */
    revokePrevious: boolean;
  };
  /** How many recent actions, drafts and sent replies the slice keeps per user. */
  limits: { actions: number; drafts: number; sent: number };
}

const NAME = '^[A-Za-z][A-Za-z0-9_.-]{0,63}$';

/** JSON Schema of `settings.replies` (templates, undo window, drafts, retries, best-of-many tasks), as editors and the loader use it. */
export const settingsSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    templates: {
      type: 'object',
      description: 'situation → locale → text, e.g. { "thank": { "zh-CN": "谢谢你，{{user.name}}！" } }',
      propertyNames: { pattern: '^[a-z][a-z0-9-]{0,63}$' },
      additionalProperties: {
        type: 'object',
        propertyNames: { pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$' },
        additionalProperties: { type: 'string', maxLength: 4000 },
      },
    },
    feedbackEvents: { type: 'array', items: { type: 'string', minLength: 1 }, uniqueItems: true },
    htmlChannels: { type: 'array', items: { type: 'string', minLength: 1 }, uniqueItems: true },
    kind: { type: 'string', minLength: 1, maxLength: 64 },
    priorityFlag: { type: 'string', pattern: NAME },
    clientKeyField: { type: 'string', pattern: NAME },
    undo: {
      type: 'object',
      additionalProperties: false,
      properties: {
        windowSeconds: { type: 'integer', minimum: 0, maximum: 31_536_000 },
        compensate: { type: 'array', items: { type: 'string', minLength: 1 }, uniqueItems: true },
        onExpired: { enum: ['refuse', 'fail'] },
      },
    },
    best: {
      type: 'object',
      additionalProperties: false,
      properties: {
        eventTypes: { type: 'array', items: { type: 'string', minLength: 1 }, uniqueItems: true },
        taskField: { type: 'string', pattern: NAME },
        scoreField: { type: 'string', pattern: NAME },
        revokePrevious: { type: 'boolean' },
      },
    },
    limits: {
      type: 'object',
      additionalProperties: false,
      properties: {
        actions: { type: 'integer', minimum: 1, maximum: 10_000 },
        drafts: { type: 'integer', minimum: 1, maximum: 1_000 },
        sent: { type: 'integer', minimum: 1, maximum: 100_000 },
      },
    },
  },
};

/** The event types that carry user feedback by default (incl. the needs plugin's `need.captured`). */
export const DEFAULT_FEEDBACK_EVENTS = [
  'feedback.submitted',
  'suggestion.submitted',
  'complaint.submitted',
  'review.submitted',
  'proposal.submitted',
  'need.captured',
];

/** What `settings.replies` is when a policy leaves it out; a policy's settings are merged over it. */
export const defaultSettings: RepliesSettings = {
  templates: DEFAULT_TEMPLATES,
  feedbackEvents: DEFAULT_FEEDBACK_EVENTS,
  htmlChannels: [],
  kind: 'reply',
  priorityFlag: 'priorityInvite',
  clientKeyField: 'clientKey',
  undo: { windowSeconds: 1800, compensate: ['incentives.revoke'], onExpired: 'refuse' },
  best: { eventTypes: ['task.submitted'], taskField: 'taskId', scoreField: 'score', revokePrevious: true },
  limits: { actions: 100, drafts: 20, sent: 500 },
};
