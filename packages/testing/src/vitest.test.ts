import { incentives } from '@engageloop/incentives';
import { policyTest } from './vitest';

policyTest(
  'a small incentives policy holds every invariant',
  {
    version: 1,
    name: 'small',
    eventTypes: { 'checkin.done': {} },
    settings: { incentives: { wallets: { points: {} }, caps: [{ id: 'daily', period: 'day', max: 10 }] } },
    rules: [
      {
        id: 'checkin',
        stage: 'action',
        on: 'checkin.done',
        effects: [{ type: 'incentives.award', params: { amount: 4, reason: 'check-in' } }],
      },
    ],
  },
  { plugins: [incentives()], runs: 100, seed: 5 },
);
