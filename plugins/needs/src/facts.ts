import type { FactContext, FactDefinition } from '@engageloop/core';
import { eventNeedId } from './handlers';
import { needKey } from './need-doc';
import { priorityOf } from './priority';
import { reliabilityOf } from './reliability';
import type { NeedsSettings } from './settings';
import type { NeedDoc } from './types';

type Ctx = FactContext<NeedsSettings>;

const needOf = (ctx: Ctx): NeedDoc | null => {
  const id = eventNeedId(ctx.event, ctx.policy);
  return id === undefined ? null : (ctx.doc<NeedDoc>(needKey(id)) ?? null);
};

export const NEEDS_FACTS: Record<string, FactDefinition<NeedsSettings>> = {
  'needs.need': {
    description: {
      en: 'The need item this event concerns ({ id, kind, status, channel, tags, urgency, supporters, sla, … }), or null.',
      'zh-CN': '本事件涉及的需求条目，或 null。',
    },
    value: (ctx) => needOf(ctx),
  },
  'needs.priority': {
    description: {
      en: "The need's priority score, 0–100 (null without a need).",
      'zh-CN': '需求优先级分数（0–100）。',
    },
    value: (ctx) => {
      const need = needOf(ctx);
      return need ? priorityOf(need, ctx.settings.priority).score : null;
    },
  },
  'needs.reach': {
    description: {
      en: '"common" (共性: many users share it) or "individual" (个性).',
      'zh-CN': '"common"（共性需求）或 "individual"（个性需求）。',
    },
    value: (ctx) => {
      const need = needOf(ctx);
      return need ? priorityOf(need, ctx.settings.priority).reach : null;
    },
  },
  'needs.reliability': {
    description: {
      en: "The need's authenticity score, 0–1 (account age, past adopted feedback, duplicate reports, calm wording).",
      'zh-CN': '需求真实性分数（0–1）。',
    },
    value: (ctx) => {
      const need = needOf(ctx);
      return need ? reliabilityOf(need, ctx.settings.reliability) : null;
    },
  },
  'needs.supporters': {
    description: { en: 'How many users voiced the need.', 'zh-CN': '提出该需求的用户数。' },
    value: (ctx) => needOf(ctx)?.supporters.length ?? 0,
  },
};
