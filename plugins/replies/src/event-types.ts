import type { EventTypeDefinition, JsonSchema } from '@engageloop/core';

const submission = (extra: Record<string, JsonSchema> = {}): JsonSchema => ({
  type: 'object',
  properties: {
    text: { type: 'string', maxLength: 20_000 },
    clientKey: { type: 'string', minLength: 1, maxLength: 200 },
    needId: { type: 'string', minLength: 1 },
    draftId: { type: 'string', minLength: 1, maxLength: 200 },
    channel: { type: 'string', minLength: 1 },
    ...extra,
  },
});

/** Event types the replies plugin declares (hosts can omit ones another plugin declares). */
export const REPLIES_EVENT_TYPES: Record<string, EventTypeDefinition> = {
  'feedback.submitted': {
    description: { en: 'A user gave feedback (payload.text).', 'zh-CN': '用户提交反馈。' },
    payload: submission(),
  },
  'suggestion.submitted': {
    description: { en: 'A user made a suggestion.', 'zh-CN': '用户提交建议。' },
    payload: submission(),
  },
  'complaint.submitted': {
    description: { en: 'A user complained.', 'zh-CN': '用户投诉。' },
    payload: submission(),
  },
  'review.submitted': {
    description: { en: 'A user wrote a review.', 'zh-CN': '用户提交评价。' },
    payload: submission(),
  },
  'proposal.submitted': {
    description: { en: 'A user submitted a proposal.', 'zh-CN': '用户提交提案。' },
    payload: submission({ title: { type: 'string', maxLength: 500 } }),
  },
  'proposal.declined': {
    description: {
      en: 'A proposal was declined (payload.reason, payload.title).',
      'zh-CN': '提案未被采纳。',
    },
    payload: submission({
      title: { type: 'string', maxLength: 500 },
      reason: { type: 'string', maxLength: 2000 },
    }),
  },
  'task.submitted': {
    description: {
      en: 'A practice task was submitted (payload.taskId, payload.score); many times allowed.',
      'zh-CN': '提交实践任务（可多次提交，保留最佳）。',
    },
    payload: submission({ taskId: { type: 'string', minLength: 1 }, score: { type: 'number' } }),
  },
  'draft.saved': {
    description: {
      en: 'A draft was saved or updated (payload.draftId, payload.content).',
      'zh-CN': '保存或更新草稿。',
    },
    payload: {
      type: 'object',

      properties: { draftId: { type: 'string', minLength: 1, maxLength: 200 }, kind: { type: 'string' } },
    },
  },
  'draft.discarded': {
    description: { en: 'A draft was discarded (payload.draftId).', 'zh-CN': '丢弃草稿。' },
    payload: {
      type: 'object',

      properties: { draftId: { type: 'string', minLength: 1, maxLength: 200 } },
    },
  },
  'action.undone': {
    description: {
      en: 'The user undid an earlier action (payload.eventId).',
      'zh-CN': '用户撤销之前的操作。',
    },
    payload: {
      type: 'object',

      properties: { eventId: { type: 'string', minLength: 1 } },
    },
  },
};
