/**
 * `policyTest`, a vitest helper around `assertPolicy`. Kept out of the main entry so plain fast-check users
 * do not need vitest installed.
 *
 * @module @engageloop/testing/vitest
 */
import type { Policy, PolicyDocument } from '@engageloop/core';
import { it } from 'vitest';
import { assertPolicy, type CheckPolicyOptions } from './check/check-policy';

/** Options of {@link policyTest}: those of `checkPolicy`, plus the test timeout (ms, default 120 000). */
export interface PolicyTestOptions extends CheckPolicyOptions {
  timeout?: number;
}

/**
 * Registers a vitest test that checks a policy against every applicable invariant; the test fails with
 * the shrunk counterexample (readable lines and NDJSON for `engageloop explain`).
 *
 * @example
 * import { policyTest } from '@engageloop/testing/vitest';
 * policyTest('reviews policy', doc, { plugins: [incentives()], runs: 1000 });
 */
export function policyTest(
  name: string,
  policy: Policy | PolicyDocument,
  options: PolicyTestOptions = {},
): void {
  const { timeout = 120_000, ...check } = options;
  it(
    name,
    async () => {
      await assertPolicy(policy, check);
    },
    timeout,
  );
}
