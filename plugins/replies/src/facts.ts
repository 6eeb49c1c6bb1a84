import { type FactDefinition, resolvePath } from '@engageloop/core';
import type { SentimentClassifier } from './sentiment/classifier';
import type { RepliesSettings } from './settings';
import { type RepliesState, sliceOf } from './state';

const current = (ctx: { slice<T>(): T }) => sliceOf(ctx.slice<RepliesState>()).current;

/** The facts of the replies plugin; `replies.sentiment` uses the given classifier. */
export function createFacts(
  classifier: SentimentClassifier,
): Record<string, FactDefinition<RepliesSettings>> {
  return {
    'replies.sentiment': {
      description: {
        en: 'Sentiment of the event text ({ score ∈ [-1, 1], label: negative | neutral | positive }); params.path picks another text (default $.payload.text).',
        'zh-CN':
          '事件文本的情感（score ∈ [-1, 1]，label：negative / neutral / positive）；可用 params.path 指定文本。',
      },
      params: {
        type: 'object',
        additionalProperties: false,
        properties: { path: { type: 'string', pattern: '^\\$\\.' } },
      },
      value: (ctx, params) => {
        const path = typeof params?.path === 'string' ? params.path : '$.payload.text';
        const text = resolvePath(ctx.event, path);
        return classifier.classify(typeof text === 'string' ? text : '', ctx.locale);
      },
    },
    'replies.isRetry': {
      description: {
        en: 'True when this submission repeats an earlier one with the same client key (no second reward).',
        'zh-CN': '与之前提交的 clientKey 相同的重试提交（不重复奖励）。',
      },
      value: (ctx) => Boolean(current(ctx)?.retryOf),
    },
    'replies.isBest': {
      description: {
        en: 'True when this task submission is the best version so far (first, or better than the kept one).',
        'zh-CN': '本次任务提交是目前最好的版本（首次提交或优于已保留版本）。',
      },
      value: (ctx) => current(ctx)?.best?.isBest ?? false,
    },
    'replies.improved': {
      description: {
        en: 'True when this task submission beats an earlier best version.',
        'zh-CN': '本次任务提交超过了之前的最好版本。',
      },
      value: (ctx) => current(ctx)?.best?.improved ?? false,
    },
    'replies.undo': {
      description: {
        en: 'Result of an action.undone event: undone | expired | unknown | already-undone (null otherwise).',
        'zh-CN': '撤销结果：undone / expired / unknown / already-undone（非撤销事件为 null）。',
      },
      value: (ctx) => current(ctx)?.undo?.status ?? null,
    },
    'replies.drafts': {
      description: { en: 'Number of saved drafts of the user.', 'zh-CN': '用户保存的草稿数。' },
      value: (ctx) => sliceOf(ctx.slice<RepliesState>()).drafts.length,
    },
    'replies.priorityInvite': {
      description: {
        en: 'True when the user was promised a priority invitation (a declined proposal).',
        'zh-CN': '用户因提案被婉拒而获得下次优先邀请。',
      },
      value: (ctx) => ctx.user.attributes[ctx.settings.priorityFlag] === true,
    },
  };
}
