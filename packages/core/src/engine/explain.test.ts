import { describe, expect, it } from 'vitest';
import { localized } from '../errors/localized';
import type { Outcome } from '../event/outcome';
import { explainOutcome } from './explain';

const outcome = (reasonText?: ReturnType<typeof localized>): Outcome => ({
  eventId: 'e1',
  userId: 'u1',
  type: 'review.submitted',
  source: 'event',
  status: 'applied',
  fired: ['r1'],
  effects: [
    {
      ruleId: 'r1',
      stage: 'action',
      type: 'x.award',
      params: { amount: 10 },
      report: { status: 'capped', reason: 'daily-cap', ...(reasonText ? { reasonText } : {}) },
    },
  ],
  messages: [],
  timers: { scheduled: [], cancelled: [] },
  emitted: [],
  trace: {
    evaluator: 'compiled',
    stages: [
      {
        stage: 'action',
        rules: [{ ruleId: 'r1', stage: 'action', priority: 1, fired: true, evaluator: 'compiled' }],
      },
    ],
    notes: [{ plugin: 'x', text: 'plain note' }],
  },
});

describe('explainOutcome', () => {
  it('shows an effect’s reason in the reader’s language when the plugin gave it in every locale', () => {
    const text = localized('held back by the daily cap', '受每日上限限制');
    expect(explainOutcome(outcome(text), { locale: 'zh-CN' })).toContain('[受上限限制：受每日上限限制]');
    expect(explainOutcome(outcome(text), { locale: 'en' })).toContain('[capped: held back by the daily cap]');
  });

  it('falls back to the reason code when no text was given', () => {
    expect(explainOutcome(outcome(), { locale: 'zh-CN' })).toContain('[受上限限制：daily-cap]');
    expect(explainOutcome(outcome())).toContain('[capped: daily-cap]');
  });
});
