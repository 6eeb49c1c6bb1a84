import type { PluginReferences } from '@engageloop/core';
import { type LifecycleSettings, resolveSettings } from './settings';

/**
 * Stages and segments are declared in the settings; conditions on `lifecycle.stage` / `lifecycle.segments` name
 * them, and conditions on `lifecycle.tier` name a tier of `tierPlugin` (its kind `tier`, when it declares one).
 */
export const lifecycleReferences = (tierPlugin: string): PluginReferences<LifecycleSettings> => ({
  declared: (raw) => {
    const s = resolveSettings(raw);
    return {
      stage: {
        names: s.stages.map((st) => st.name),
        label: { en: 'lifecycle stage', 'zh-CN': '生命周期阶段' },
        declaredAt: 'settings.lifecycle.stages',
      },
      segment: {
        names: Object.keys(s.segments),
        label: { en: 'segment', 'zh-CN': '用户分群' },
        declaredAt: 'settings.lifecycle.segments',
      },
    };
  },
  facts: {
    'lifecycle.stage': 'stage',
    'lifecycle.segments': 'segment',
    'lifecycle.tier': `${tierPlugin}:tier`,
  },
});
