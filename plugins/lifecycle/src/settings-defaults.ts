import type { LocalizedText, TopLevelCondition } from '@engageloop/core';

/** One lifecycle stage: the first stage whose `when` holds is the user's stage; no `when` always holds. */
export interface StageDefinition {
  name: string;
  when?: TopLevelCondition;
  description?: LocalizedText;
}

const since = (fact: string, operator: string, days: number) => ({ fact, operator, value: days });

/** new → onboarding → active → high-value → at-risk → dormant → churned, and win-back (first match wins). */
export const DEFAULT_STAGES: StageDefinition[] = [
  { name: 'churned', when: { all: [since('lifecycle.daysSinceLastActive', 'greaterThanInclusive', 90)] } },
  { name: 'dormant', when: { all: [since('lifecycle.daysSinceLastActive', 'greaterThanInclusive', 30)] } },
  { name: 'at-risk', when: { all: [since('lifecycle.daysSinceLastActive', 'greaterThanInclusive', 14)] } },
  {
    name: 'win-back',
    when: { all: [{ fact: 'lifecycle.stage', operator: 'in', value: ['at-risk', 'dormant', 'churned'] }] },
  },
  { name: 'new', when: { all: [since('lifecycle.daysSinceJoined', 'lessThan', 1)] } },
  { name: 'onboarding', when: { all: [since('lifecycle.daysSinceJoined', 'lessThan', 7)] } },
  {
    name: 'high-value',
    when: { all: [{ fact: 'lifecycle.spend', operator: 'greaterThanInclusive', value: 1000 }] },
  },
  { name: 'active' },
];

export const DEFAULT_SEGMENTS: Record<string, TopLevelCondition> = {
  new: { all: [since('lifecycle.daysSinceJoined', 'lessThan', 7)] },
  active: {
    all: [{ fact: 'lifecycle.activeDays', params: { days: 30 }, operator: 'greaterThanInclusive', value: 8 }],
  },
  'high-value': {
    any: [
      { fact: 'lifecycle.spend', operator: 'greaterThanInclusive', value: 1000 },
      { fact: 'lifecycle.tier', operator: 'in', value: ['core'] },
    ],
  },
};
