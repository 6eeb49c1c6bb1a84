import { readFileSync } from 'node:fs';
import type { PolicyDocument } from '@engageloop/core';
import { incentives } from '@engageloop/incentives';
import { describe, expect, it } from 'vitest';
import { ALL_INVARIANTS, checkPolicy, defineInvariant } from './index';

/** The README's first example without its import lines, whitespace folded. */
function readmeExample(): string {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const block = /```ts\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
  return block
    .split('\n')
    .filter((line) => !line.startsWith('import '))
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
}

describe('README example', () => {
  it('is this test, verbatim', () => {
    const source = readFileSync(new URL(import.meta.url), 'utf8').replace(/\s+/g, ' ');
    expect(readmeExample().length).toBeGreaterThan(200);
    expect(source).toContain(readmeExample());
  });

  it('runs: the invariants hold, and a broken custom one yields a shrunk counterexample', async () => {
    const policy: PolicyDocument = {
      version: 1,
      name: 'check-ins',
      eventTypes: { 'checkin.done': {} },
      settings: { incentives: { caps: [{ id: 'daily', period: 'day', max: 10 }] } },
      rules: [
        {
          id: 'checkin',
          stage: 'action',
          on: 'checkin.done',
          effects: [{ type: 'incentives.award', params: { amount: 4 } }],
        },
      ],
    };
    const result = await checkPolicy(policy, { plugins: [incentives()], runs: 50, seed: 7 });
    // result.ok: true; result.checked: the invariants that apply (caps hold, no negative balance, …)

    const quiet = defineInvariant('at most 2 grants in a journey', (run) => {
      const grants = run.signals.filter((s) => s.name === 'reward:granted').length;
      return grants > 2 ? `${grants} grants` : undefined;
    });
    const broken = await checkPolicy(policy, {
      plugins: [incentives()],
      invariants: [...ALL_INVARIANTS, quiet],
    });
    // broken.ok: false; broken.report: the invariant, why, the journey as lines and as NDJSON for `engageloop explain`
    expect(result.ok).toBe(true);
    expect(result.checked).toContain('caps hold');
    expect(result.skipped).toContain('each user in exactly one lifecycle stage');
    expect(broken.ok).toBe(false);
    expect(broken.failure?.invariant).toBe('at most 2 grants in a journey');
    expect(broken.failure?.ndjson).toContain('checkin.done');
    expect(broken.report).toContain('NDJSON for `engageloop explain`');
  }, 120_000);
});
