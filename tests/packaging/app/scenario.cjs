// The scenario both consumer scripts run, given the packages as their module system loaded them
// (app.mjs: the ESM entry points; app.cjs: the CommonJS ones). It imports nothing itself.
const { join } = require('node:path');

/** Four reviews in a day (10 points each, capped at 30) and a replayed one, on a SQLite store. */
async function runScenario(label, dir, m) {
  const plugins = [m.incentives(), m.replies(), m.lifecycle(), m.needs()];
  const policy = await m.loadPolicyPath(join(dir, 'policy.json'), { plugins });
  const clock = m.createManualClock('2026-03-02T09:00:00Z');
  const store = m.createSqliteStore({ filename: join(dir, `${label}.db`) });
  const engine = m.createEngine({ plugins, policy, store, clock });
  const statuses = [];
  for (let i = 1; i <= 4; i++) {
    const event = {
      id: `r${i}`,
      type: 'review.submitted',
      userId: 'u1',
      at: `2026-03-02T0${i}:00:00Z`,
      payload: {},
    };
    statuses.push((await engine.dispatch(event)).status);
  }
  const replay = { id: 'r1', type: 'review.submitted', userId: 'u1', at: '2026-03-02T01:00:00Z' };
  statuses.push((await engine.dispatch(replay)).status);
  const user = await engine.getUser('u1');
  const topics = (await engine.store.listMessages()).map((msg) => msg.topic).sort();
  await engine.close();
  return {
    module: label,
    statuses,
    points: m.balanceOf(user, 'points', clock.now()).available,
    topics,
    invariants: m.ALL_INVARIANTS.length,
    policyTest: typeof m.policyTest,
  };
}

module.exports = { runScenario };
