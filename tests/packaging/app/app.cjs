// CommonJS consumer of the installed tarballs: core + the three plugins + SQLite + @engageloop/testing/vitest.
const { join } = require('node:path');
const { createEngine, createManualClock, loadPolicyPath } = require('@engageloop/core');
const { balanceOf, incentives } = require('@engageloop/incentives');
const { lifecycle } = require('@engageloop/lifecycle');
const { replies } = require('@engageloop/replies');
const { createSqliteStore } = require('@engageloop/store-sqlite');
const { ALL_INVARIANTS } = require('@engageloop/testing');

async function main() {
  // vitest itself cannot be require()d ("use import instead"), so CommonJS code loads the helper with import().
  const { policyTest } = await import('@engageloop/testing/vitest');
  const plugins = [incentives(), replies(), lifecycle()];
  const policy = await loadPolicyPath(join(__dirname, 'policy.json'), { plugins });
  const clock = createManualClock('2026-03-02T09:00:00Z');
  const store = createSqliteStore({ filename: join(__dirname, 'cjs.db') });
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
  const replay = { id: 'r1', type: 'review.submitted', userId: 'u1', at: '2026-03-02T01:00:00Z' };
  statuses.push((await engine.dispatch(replay)).status);
  const user = await engine.getUser('u1');
  const topics = (await engine.store.listMessages()).map((m) => m.topic).sort();
  await engine.close();
  process.stdout.write(
    `${JSON.stringify({
      module: 'cjs',
      statuses,
      points: balanceOf(user, 'points', clock.now()).available,
      topics,
      invariants: ALL_INVARIANTS.length,
      policyTest: typeof policyTest,
    })}\n`,
  );
}

main().catch((error) => {
  process.stderr.write(`${error?.stack ?? String(error)}\n`);
  process.exitCode = 1;
});
