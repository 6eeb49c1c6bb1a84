import { createEngine, createManualClock, isEngageLoopError, loadPolicy } from '@engageloop/core';
import { describe, expect, it } from 'vitest';
import { lifecycle } from './plugin';
import { examplePolicy } from './testing/example-policy';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return isEngageLoopError(error) ? error.code : 'not-an-EngageLoopError';
  }
  return undefined;
}

describe('lifecycle()', () => {
  it('validates its options', () => {
    expect(codeOf(() => lifecycle({ tierPlugin: 'Bad Name' }))).toBe('PLUGIN_OPTIONS_INVALID');
    expect(codeOf(() => lifecycle({ nope: 1 } as never))).toBe('PLUGIN_OPTIONS_INVALID');
    expect(lifecycle().name).toBe('lifecycle');
  });

  it('loads the example policy', () => {
    const policy = loadPolicy(examplePolicy(), { plugins: [lifecycle()] });
    expect(policy.rules.map((r) => r.id)).toContain('welcome');
  });

  it('checks the conditions of stages and segments when the policy loads', () => {
    const doc = examplePolicy();
    const settings = doc.settings?.lifecycle as { segments: Record<string, unknown> };
    settings.segments.broken = { all: [{ fact: 'lifecycle.nope', operator: 'equal', value: 1 }] };
    expect(codeOf(() => loadPolicy(doc, { plugins: [lifecycle()] }))).toBe('POLICY_INVALID');
  });

  it('rejects invalid settings and effect params', () => {
    const doc = examplePolicy();
    (doc.settings?.lifecycle as Record<string, unknown>).quietHours = { start: '25:00', end: '08:00' };
    expect(codeOf(() => loadPolicy(doc, { plugins: [lifecycle()] }))).toBe('POLICY_INVALID');
    const bad = examplePolicy();
    const rule = bad.rules.find((r) => r.id === 'welcome');
    if (rule?.effects[0]) rule.effects[0].params = { trigger: '__proto__', body: 'x' };
    expect(codeOf(() => loadPolicy(bad, { plugins: [lifecycle()] }))).toBe('POLICY_INVALID');
  });

  it('works with the defaults when the policy has no lifecycle settings', async () => {
    const engine = createEngine({
      plugins: [lifecycle()],
      policy: { version: 1, rules: [] },
      clock: createManualClock('2026-01-01T00:00:00Z'),
    });
    const out = await engine.dispatch({ id: 'e1', type: 'x.y', userId: 'u', at: '2026-01-01T00:00:00Z' });
    expect(out.status).toBe('applied');
    expect(out.emitted).toContain('stage:changed');
  });
});
