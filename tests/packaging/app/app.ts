// Type-checked with `tsc --noEmit` (strict, no skipLibCheck) against the installed tarballs' .d.ts files.
import {
  createEngine,
  createManualClock,
  loadPolicy,
  type Outcome,
  type PolicyDocument,
} from '@engageloop/core';
import { balanceOf, incentives } from '@engageloop/incentives';
import { lifecycle } from '@engageloop/lifecycle';
import { type NeedStatus, needs } from '@engageloop/needs';
import { replies } from '@engageloop/replies';
import { applyMigrations, createSqliteStore, type SqliteStore } from '@engageloop/store-sqlite';
import { ALL_INVARIANTS, checkPolicy } from '@engageloop/testing';
import { policyTest } from '@engageloop/testing/vitest';
import Database from 'better-sqlite3';

const document: PolicyDocument = {
  version: 1,
  rules: [
    {
      id: 'review-points',
      stage: 'motivation',
      on: 'review.submitted',
      effects: [{ type: 'incentives.award', params: { amount: 10 } }],
    },
  ],
};

export async function run(filename: string): Promise<number> {
  const plugins = [incentives(), replies(), lifecycle(), needs()];
  const policy = loadPolicy(document, { plugins });
  const clock = createManualClock('2026-03-02T09:00:00Z');
  const store: SqliteStore = createSqliteStore({ filename });
  const engine = createEngine({ plugins, policy, store, clock });
  // Loop events the plugins add by declaration merging are typed through the installed .d.ts files.
  const moves: NeedStatus[] = [];
  const granted: number[] = [];
  engine.on('need:status-changed', ({ to }) => moves.push(to));
  engine.on('reward:granted', ({ points }) => granted.push(points));
  const outcome: Outcome = await engine.dispatch({
    id: 'r1',
    type: 'review.submitted',
    userId: 'u1',
    at: '2026-03-02T08:00:00Z',
    payload: {},
  });
  const points: number = balanceOf(await engine.getUser('u1'), 'points', clock.now()).available;
  await engine.close();
  const migrated: number[] = applyMigrations(new Database(':memory:'));
  const checked = await checkPolicy(document, {
    plugins: [incentives()],
    runs: 1,
    invariants: ALL_INVARIANTS,
  });
  return outcome.status === 'applied' && checked.ok && moves.length === 0 && granted.length === 1
    ? points + migrated.length
    : -1;
}

export const register: typeof policyTest = policyTest;
