import { definePlugin } from '../../plugin/define-plugin';
import type { TopLevelCondition } from '../types';

interface Stage {
  name: string;
  when: TopLevelCondition;
}

/** A small plugin exercising every part the loader checks. */
export const incentives = definePlugin<unknown, { cap: number; stages: Stage[] }>({
  name: 'incentives',
  version: '1.0.0',
  settings: {
    schema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        cap: { type: 'integer', minimum: 0 },
        stages: {
          type: 'array',
          items: {
            type: 'object',
            required: ['name', 'when'],
            properties: { name: { type: 'string' }, when: { type: 'object' } },
          },
        },
      },
    },
    defaults: { cap: 100, stages: [] },
  },
  facts: {
    'incentives.balance': {
      params: {
        type: 'object',
        additionalProperties: false,
        properties: { period: { enum: ['day', 'week'] } },
      },
      value: () => 0,
    },
  },
  operators: { within: (a, b) => a === b },
  eventTypes: { 'review.submitted': { payload: { type: 'object' } }, 'checkin.done': {} },
  effects: {
    'incentives.award': {
      params: {
        type: 'object',
        required: ['points'],
        additionalProperties: false,
        properties: { points: { type: 'integer', minimum: 1 }, reason: { type: 'string' } },
      },
      apply: (s) => s,
    },
  },
  rules: [
    {
      id: 'welcome',
      stage: 'motivation',
      on: 'checkin.done',
      effects: [{ type: 'incentives.award', params: { points: 1 } }],
    },
  ],
  conditions: (settings) =>
    settings.stages.map((s, i) => ({ pointer: `/stages/${i}/when`, condition: s.when })),
});
