// ESM consumer of the installed tarballs: core + the three plugins + SQLite + @engageloop/testing/vitest.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEngine, createManualClock, loadPolicyPath } from '@engageloop/core';
import { balanceOf, incentives } from '@engageloop/incentives';
import { lifecycle } from '@engageloop/lifecycle';
import { replies } from '@engageloop/replies';
import { createSqliteStore } from '@engageloop/store-sqlite';
import { ALL_INVARIANTS } from '@engageloop/testing';
import { policyTest } from '@engageloop/testing/vitest';

const here = fileURLToPath(new URL('.', import.meta.url));
const plugins = [incentives(), replies(), lifecycle()];
const policy = await loadPolicyPath(join(here, 'policy.json'), { plugins });
const clock = createManualClock('2026-03-02T09:00:00Z');
const store = createSqliteStore({ filename: join(here, 'esm.db') });
const engine = createEngine({ plugins, policy, store, clock });
const statuses = [];
for (let i = 1; i <= 4; i++) {
  const at = `2026-03-02T0${i}:00:00Z`;
  const outcome = await engine.dispatch({
    id: `r${i}`,
    type: 'review.submitted',
    userId: 'u1',
    at,
    payload: {},
  });
  statuses.push(outcome.status);
}
statuses.push(
  (await engine.dispatch({ id: 'r1', type: 'review.submitted', userId: 'u1', at: '2026-03-02T01:00:00Z' }))
    .status,
);
const user = await engine.getUser('u1');
const topics = (await engine.store.listMessages()).map((m) => m.topic).sort();
await engine.close();
process.stdout.write(
  `${JSON.stringify({
    module: 'esm',
    statuses,
    points: balanceOf(user, 'points', clock.now()).available,
    topics,
    invariants: ALL_INVARIANTS.length,
    policyTest: typeof policyTest,
  })}\n`,
);
