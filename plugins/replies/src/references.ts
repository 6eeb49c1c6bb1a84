import type { PluginReferences } from '@engageloop/core';
import type { RepliesSettings } from './settings';
import { DEFAULT_TEMPLATES } from './templates/defaults';

/** Reply templates (the built-in ones and the policy's) are declared; `replies.send` names one by situation. */
export const repliesReferences: PluginReferences<RepliesSettings> = {
  declared: (s) => ({
    template: {
      names: new Set([...Object.keys(DEFAULT_TEMPLATES), ...Object.keys(s.templates)]),
      label: { en: 'reply template (situation)', 'zh-CN': '回复模板（场景）' },
      declaredAt: 'settings.replies.templates',
    },
  }),
  params: { 'replies.send': { situation: 'template' } },
};
