import type { PolicyDocument } from '../../policy/types';

export const tallyPolicy: PolicyDocument = {
  version: 1,
  name: 'tally test policy',
  experiments: { copy: { arms: { A: 50, B: 50 } } },
  rules: [
    {
      id: 'review-points',
      stage: 'action',
      on: 'review.submitted',
      conditions: {
        all: [{ fact: 'event', path: '$.payload.rating', operator: 'greaterThanInclusive', value: 4 }],
      },
      effects: [{ type: 'tally.add', params: { points: 60 } }],
    },
    {
      id: 'level-up-thanks',
      stage: 'value',
      on: 'review.submitted',
      conditions: {
        all: [
          { fact: 'signals', path: '$.tally:level-up.level', operator: 'greaterThanInclusive', value: 1 },
        ],
      },
      effects: [
        {
          type: 'core.message',
          params: { topic: 'level-up', body: { en: 'Level up!', 'zh-CN': '升级了！' } },
        },
      ],
    },
    {
      id: 'feedback-ack',
      stage: 'value',
      on: 'feedback.submitted',
      effects: [
        { type: 'tally.add', params: { points: 5 } },
        { type: 'core.message', params: { kind: 'reply', topic: 'acknowledge', body: 'Thanks!' } },
      ],
    },
    {
      id: 'remind-later',
      stage: 'value',
      on: 'review.submitted',
      effects: [{ type: 'tally.remind', params: { inMs: 3_600_000 } }],
    },
    {
      id: 'reminder-message',
      stage: 'value',
      on: 'tally.reminder',
      effects: [{ type: 'core.message', params: { kind: 'care', topic: 'reminder', body: 'We miss you' } }],
    },
    {
      id: 'arm-b-bonus',
      stage: 'motivation',
      on: 'review.submitted',
      variant: { experiment: 'copy', arm: 'B' },
      effects: [{ type: 'tally.add', params: { points: 1 } }],
    },
    {
      id: 'disabled-rule',
      stage: 'action',
      on: 'review.submitted',
      enabled: false,
      effects: [{ type: 'tally.add', params: { points: 1000 } }],
    },
  ],
};
