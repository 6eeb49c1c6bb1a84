import { readFileSync } from 'node:fs';
import { loadPolicy, type PolicyDocument } from '@engageloop/core';
import { incentives } from '@engageloop/incentives';
import { replies } from '@engageloop/replies';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Journey } from '../arbitraries/journey-types';
import { createRunHarness } from '../run/harness';
import { runJourney } from '../run/run-journey';
import type { PolicyRun } from '../run/types';
import { ALL_INVARIANTS } from './all';
import { distinctWithinKeys } from './distinct';
import { undoFindsAward } from './undo';
import { undoLeavesNothingUnearned } from './unearned';

const doc = JSON.parse(
  readFileSync(new URL('../../../../docs/examples/practice-tasks.json', import.meta.url), 'utf8'),
) as PolicyDocument;

const ev = (id: string, type: string, at: string, payload: Record<string, unknown> = {}) => ({
  kind: 'event' as const,
  event: { id, type, userId: 'u1', at, payload },
});
const clone = (r: PolicyRun): PolicyRun => {
  const { policy, registry, ...data } = r;
  return { policy, registry, ...structuredClone(data) };
};
type Slice = {
  distinct: Record<string, Array<{ key: string; subs: Array<{ eventId: string }> }>>;
  badges: object;
};

describe('distinct and undo invariants over a practice-tasks run', () => {
  let run: PolicyRun;
  beforeAll(async () => {
    const plugins = [incentives(), replies()];
    const harness = createRunHarness(loadPolicy(doc, { plugins }), plugins);
    const journey: Journey = {
      start: '2026-03-02T00:00:00Z',
      users: [
        {
          id: 'u1',
          name: 'A',
          timezone: 'Asia/Shanghai',
          locale: 'zh-CN',
          joinedAt: '2026-03-02T00:00:00Z',
          channel: 'app',
          optOut: [],
        },
      ],
      steps: [
        ev('e1', 'task.submitted', '2026-03-02T02:00:00Z', { taskId: 't1', score: 50 }),
        ev('e2', 'task.submitted', '2026-03-02T02:01:00Z', { taskId: 't1', score: 80 }),
        ev('e3', 'task.submitted', '2026-03-02T02:02:00Z', { taskId: 't2', score: 70 }),
        ev('e4', 'action.undone', '2026-03-02T02:03:00Z', { eventId: 'e3' }),
        // past the 30-minute window: refused, nothing reversed, and no invariant complains
        ev('e5', 'action.undone', '2026-03-02T04:00:00Z', { eventId: 'e1' }),
      ],
    };
    run = await runJourney(harness, journey);
  });

  it('holds every applicable invariant, the new ones included', () => {
    expect(run.signals.filter((s) => s.name === 'undo:applied')).toHaveLength(1);
    const applicable = ALL_INVARIANTS.filter((i) => i.applies(run.policy, run.registry));
    expect(applicable).toContain(distinctWithinKeys);
    expect(applicable).toContain(undoLeavesNothingUnearned);
    for (const invariant of applicable)
      expect({ name: invariant.invariantName, result: invariant(run) }).toEqual({
        name: invariant.invariantName,
        result: undefined,
      });
  });

  it('notices a key counted twice, and a key no event named', () => {
    const twice = clone(run);
    const slice = twice.steps[2]!.users.u1!.slices.incentives as Slice;
    slice.distinct.tasks!.push({ key: 't1', subs: [{ eventId: 'e3' }] });
    expect(distinctWithinKeys(twice)).toMatch(/holds a key twice/);
    const invented = clone(run);
    (invented.steps[2]!.users.u1!.slices.incentives as Slice).distinct.tasks![0]!.key = 't9';
    expect(distinctWithinKeys(invented)).toMatch(/which no applied task.submitted event/);
  });

  it('notices a badge an undone event granted that stayed, and an applied undo that reversed nothing', () => {
    const kept = clone(run);
    (kept.signals as unknown[]).push({
      name: 'badge:granted',
      step: 2,
      payload: { eventId: 'e3', userId: 'u1', badge: 'recommendation-letter', level: 1, previousLevel: 0 },
    });
    (kept.steps[3]!.users.u1!.slices.incentives as Slice).badges = { 'recommendation-letter': { level: 1 } };
    expect(undoLeavesNothingUnearned(kept)).toMatch(/still holds badge "recommendation-letter"/);
    const unreversed = clone(run);
    const after = unreversed.steps[3]!.users.u1!.slices.incentives as {
      entries: Array<{ reverses?: string }>;
    };
    after.entries = after.entries.filter((e) => e.reverses === undefined);
    expect(undoFindsAward(unreversed)).toMatch(/nothing was reversed/);
  });
});
