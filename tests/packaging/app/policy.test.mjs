// Run by the installed vitest: @engageloop/testing/vitest registers a property test of the policy.
import { readFileSync } from 'node:fs';
import { incentives } from '@engageloop/incentives';
import { lifecycle } from '@engageloop/lifecycle';
import { replies } from '@engageloop/replies';
import { policyTest } from '@engageloop/testing/vitest';

const policy = JSON.parse(readFileSync(new URL('./policy.json', import.meta.url), 'utf8'));

policyTest('packaging-check policy keeps its invariants', policy, {
  plugins: [incentives(), replies(), lifecycle()],
  runs: 20,
  seed: 7,
});
