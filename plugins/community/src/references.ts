import type { PluginReferences } from '@engageloop/core';
import type { CommunitySettings } from './settings';

const where = 'settings.community';

/** Names the settings declare (contests, review schemes, tracks, group kinds) and where effects and facts use them. */
export const COMMUNITY_REFERENCES: PluginReferences<CommunitySettings> = {
  declared: (s) => ({
    contest: {
      names: s.contests.map((c) => c.id),
      label: { en: 'contest', 'zh-CN': '评比' },
      declaredAt: `${where}.contests`,
    },
    'review-scheme': {
      names: Object.keys(s.reviews),
      label: { en: 'review scheme', 'zh-CN': '评审方案' },
      declaredAt: `${where}.reviews`,
    },
    track: {
      names: Object.keys(s.tracks),
      label: { en: 'track', 'zh-CN': '流程' },
      declaredAt: `${where}.tracks`,
    },
    stage: {
      names: Object.values(s.tracks).flatMap((t) => t.stages),
      label: { en: 'track stage', 'zh-CN': '流程阶段' },
      declaredAt: `${where}.tracks.*.stages`,
    },
    'group-kind': {
      names: Object.keys(s.groups),
      label: { en: 'group kind', 'zh-CN': '小组类型' },
      declaredAt: `${where}.groups`,
    },
  }),
  inSettings: (s) =>
    Object.entries(s.tracks).flatMap(([id, t]) =>
      Object.entries(t.transitions).flatMap(([from, tos]) => [
        { pointer: `/tracks/${id}/transitions/${from}`, kind: 'stage', name: from },
        ...tos.map((to, i) => ({
          pointer: `/tracks/${id}/transitions/${from}/${i}`,
          kind: 'stage',
          name: to,
        })),
      ]),
    ),
  params: {
    'community.score': { contest: 'contest' },
    'community.createItem': { track: 'track' },
    'community.move': { to: 'stage' },
  },
  factParams: {
    'community.itemScore': { scheme: 'review-scheme' },
    'community.itemPassed': { scheme: 'review-scheme' },
    'community.itemReviews': { scheme: 'review-scheme' },
  },
};
