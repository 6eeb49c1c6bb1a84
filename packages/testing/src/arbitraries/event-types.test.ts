import { createRegistry, definePlugin, loadPolicy } from '@engageloop/core';
import { incentives } from '@engageloop/incentives';
import { describe, expect, it } from 'vitest';
import { eventCatalogue, hostMaySend } from './event-types';

const kit = definePlugin({
  name: 'kit',
  version: '1.0.0',
  eventTypes: {
    'kit.review': {},
    'kit.ping': { sources: ['event', 'timer'] },
    'kit.due': { sources: ['timer'] },
    'kit.won': { sources: ['derived'] },
  },
});
const plugins = [incentives(), kit];
const registry = createRegistry(plugins);
const award = [{ type: 'incentives.award', params: { amount: 5 } }];
const policy = loadPolicy(
  {
    version: 1,
    eventTypes: { 'review.submitted': {} },
    rules: [
      { id: 'on-win', stage: 'action', on: ['kit.won'], effects: award },
      { id: 'on-review', stage: 'action', on: ['review.submitted'], effects: award },
    ],
  },
  { registry },
);

describe('eventCatalogue', () => {
  it('lists the types hosts may send, by their declared sources, not by their names', () => {
    const { types } = eventCatalogue(policy, registry);
    expect(types).toEqual(expect.arrayContaining(['kit.review', 'kit.ping', 'review.submitted']));
    for (const internal of ['kit.due', 'kit.won', 'incentives.tier-review'])
      expect(types).not.toContain(internal);
    expect(types.every((t) => hostMaySend(registry, t))).toBe(true);
  });

  it("calls types no plugin declares (the policy's own) sendable", () => {
    expect(hostMaySend(registry, 'review.submitted')).toBe(true);
    expect(hostMaySend(registry, 'kit.won')).toBe(false);
  });
});
