import type { LocalizedText } from '@engageloop/core';
import { own } from '../model/state';
import type { IncentivesSettings } from '../settings-types';
import type { Ctx } from './shared';
import type { Withdrawn } from './withdraw';

type Locale = 'en' | 'zh-CN';

const WORDING: Record<Locale, { badge: string; milestone: string; intro: string; outro: string }> = {
  en: {
    intro: 'Your action was undone, so we updated your rewards:',
    badge: 'badge "{name}" withdrawn',
    milestone: 'milestone "{name}" no longer reached',
    outro: 'Nothing else changed — you can earn them again any time.',
  },
  'zh-CN': {
    intro: '你撤销了操作，奖励已相应更新：',
    badge: '徽章「{name}」已收回',
    milestone: '里程碑「{name}」暂未达成',
    outro: '其他不受影响，随时可以再次获得。',
  },
};

/** A name in the locale, else English, else the first one given, else the id. */
function nameIn(text: LocalizedText | undefined, locale: Locale, id: string): string {
  if (text === undefined) return id;
  if (typeof text === 'string') return text;
  return own(text, locale) ?? own(text, 'en') ?? Object.values(text)[0] ?? id;
}

/**
 * Tells the user, in their locale (zh-CN or English), which badges and milestones an undo withdrew: one
 * notice per undone event, keyed so a redelivery never doubles it.
 */
export function notifyWithdrawn(
  ctx: Pick<Ctx, 'event' | 'locale' | 'send'>,
  settings: IncentivesSettings,
  withdrawn: Withdrawn,
): void {
  const locale: Locale = ctx.locale.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
  const w = WORDING[locale];
  const lines = [
    ...withdrawn.badges.map((b) =>
      w.badge.replace('{name}', () => nameIn(own(settings.badges, b.badge)?.name, locale, b.badge)),
    ),
    ...withdrawn.milestones.map((id) =>
      w.milestone.replace('{name}', () =>
        nameIn(settings.milestones.find((m) => m.id === id)?.name, locale, id),
      ),
    ),
  ];
  ctx.send({
    kind: 'notice',
    topic: 'rewards.withdrawn',
    locale,
    body: [w.intro, ...lines.map((l) => `- ${l}`), w.outro].join('\n'),
    dedupeKey: `incentives:withdrawn:${ctx.event.userId}:${ctx.event.id}`,
    data: { withdrawn },
  });
}
