import { definePlugin, type Plugin } from '@engageloop/core';
import './events';
import { declineEffect } from './effects/decline';
import { sendEffect } from './effects/send';
import { REPLIES_EVENT_TYPES } from './event-types';
import { createFacts } from './facts';
import { afterRules, onFailure } from './hooks/after-rules';
import { beforeRules } from './hooks/before-rules';
import { checkOptions, type RepliesOptions } from './options';
import { repliesReferences } from './references';
import { defaultSettings, type RepliesSettings, settingsSchema } from './settings';
import { initialState, type RepliesState } from './state';

/** The plugin's version (the `version` of the plugin `replies()` returns). */
export const REPLIES_VERSION = '0.1.0';

/**
 * The fault-tolerant replies plugin: sentiment-aware wording from templates in the policy, decline
 * with encouragement, never-silent acknowledgements (also when the dispatch fails), one reply per
 * (need, situation), drafts, undo within a window, retries by client key and best-of-many tasks.
 *
 * @example
 * const engine = createEngine({ plugins: [incentives(), replies()], policy });
 */
export function replies(options?: RepliesOptions): Plugin<RepliesState, RepliesSettings> {
  const { classifier, omitEventTypes } = checkOptions(options);
  const eventTypes = Object.fromEntries(
    Object.entries(REPLIES_EVENT_TYPES).filter(([type]) => !omitEventTypes.includes(type)),
  );
  return definePlugin<RepliesState, RepliesSettings>({
    name: 'replies',
    version: REPLIES_VERSION,
    description: {
      en: 'Fault-tolerant replies: templates, sentiment, decline with encouragement, never silent, drafts, undo, retry.',
      'zh-CN': '容错回复：模板、情感识别、婉拒鼓励、绝不沉默、草稿、撤销、重试。',
    },
    settings: { schema: settingsSchema, defaults: defaultSettings },
    state: { initial: () => initialState() },
    effects: {
      'replies.send': sendEffect,
      'replies.declineWithEncouragement': declineEffect,
    },
    facts: createFacts(classifier),
    references: repliesReferences,
    eventTypes,
    hooks: { beforeRules, afterRules, onFailure },
  });
}
