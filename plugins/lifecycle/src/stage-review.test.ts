import {
  createEngine,
  createManualClock,
  definePlugin,
  type LoopEvents,
  type PolicyDocument,
} from '@engageloop/core';
import { describe, expect, it } from 'vitest';
import { readsOnly } from './condition-facts';
import { lifecycle } from './plugin';
import { createHarness } from './testing/harness';

const own = new Set(['lifecycle.spend', 'lifecycle.triggerCount']);

describe('readsOnly', () => {
  it('holds when every leaf compares one of the facts with a plain value', () => {
    const spend = { fact: 'lifecycle.spend', operator: 'greaterThan', value: 1 };
    expect(readsOnly({ all: [spend, { not: spend }] }, own)).toBe(true);
    expect(readsOnly({ any: [{ ...spend, value: [1, 2] }] }, own)).toBe(true);
  });

  it('fails on another fact, a fact-valued comparison, a shared condition or anything else', () => {
    expect(readsOnly({ all: [{ fact: 'user', operator: 'equal', value: 1 }] }, own)).toBe(false);
    const fromFact = { fact: 'lifecycle.spend', operator: 'equal', value: { fact: 'user', path: '$.x' } };
    expect(readsOnly({ all: [fromFact] }, own)).toBe(false);
    expect(readsOnly({ all: [{ condition: 'shared' }] }, own)).toBe(false);
    expect(readsOnly(null, own)).toBe(false);
  });
});

/** Stage `cared` once the welcome care was queued (read back from the lifecycle slice), else `other`. */
function policy(cared: unknown): PolicyDocument {
  return {
    version: 1,
    defaults: { timezone: 'UTC', locale: 'en' },
    eventTypes: { 'user.signedUp': {} },
    settings: {
      lifecycle: {
        quietHours: null,
        stages: [{ name: 'cared', when: { all: [cared] } }, { name: 'other' }],
        segments: {},
      },
    },
    rules: [
      {
        id: 'welcome',
        stage: 'value',
        on: 'user.signedUp',
        effects: [
          { type: 'lifecycle.care', params: { trigger: 'welcome', body: 'Hi' } },
          { type: 'core.setAttribute', params: { key: 'welcomed', value: true } },
        ],
      },
    ],
  };
}

describe('the review after the rules', () => {
  it('sees what the rules changed in the slice (own facts only)', async () => {
    const h = createHarness(
      policy({ fact: 'lifecycle.triggerCount', params: { trigger: 'welcome' }, operator: 'equal', value: 1 }),
    );
    await h.send('user.signedUp', 'u1', '2026-01-01T12:00:00Z');
    expect(h.stageChanges.map((c) => `${c.from}→${c.to}`)).toEqual(['null→other', 'other→cared']);
    expect((await h.slice('u1'))?.stage).toBe('cared');
  });

  it('sees what the rules changed elsewhere (a fact of another plugin)', async () => {
    const h = createHarness(
      policy({ fact: 'user', path: '$.attributes.welcomed', operator: 'equal', value: true }),
    );
    await h.send('user.signedUp', 'u1', '2026-01-01T12:00:00Z');
    expect(h.stageChanges.map((c) => `${c.from}→${c.to}`)).toEqual(['null→other', 'other→cared']);
  });
});

/** A plugin whose slice holds a tier, set by its effect `tiers.promote` (as incentives' tier is). */
const tiers = definePlugin<{ tier: string | null }>({
  name: 'tiers',
  version: '1.0.0',
  state: { initial: () => ({ tier: null }) },
  effects: {
    'tiers.promote': {
      params: { type: 'object', additionalProperties: false, properties: {} },
      apply: (state) => ({ ...state, tier: 'core' }),
    },
  },
});

it('the review after the rules sees a tier the rules changed (lifecycle.tier)', async () => {
  const doc = policy({ fact: 'lifecycle.tier', operator: 'equal', value: 'core' });
  const rule = doc.rules[0];
  if (rule) rule.effects = [{ type: 'tiers.promote', params: {} }];
  const engine = createEngine({
    plugins: [tiers, lifecycle({ tierPlugin: 'tiers' })],
    policy: doc,
    clock: createManualClock('2026-01-01T12:00:00Z'),
  });
  const changes: Array<LoopEvents['stage:changed']> = [];
  engine.on('stage:changed', (change) => changes.push(change));
  await engine.dispatch({ id: 'e1', type: 'user.signedUp', userId: 'u1', at: '2026-01-01T12:00:00Z' });
  expect(changes.map((c) => `${c.from}→${c.to}`)).toEqual(['null→other', 'other→cared']);
});
