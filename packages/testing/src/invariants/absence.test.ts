import { readFileSync } from 'node:fs';
import { loadPolicy, type PolicyDocument } from '@engageloop/core';
import { incentives } from '@engageloop/incentives';
import { replies } from '@engageloop/replies';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Journey } from '../arbitraries/journey-types';
import { createRunHarness } from '../run/harness';
import { runJourney } from '../run/run-journey';
import type { PolicyRun } from '../run/types';
import { undoEqualsAbsence } from './absence';

const doc = JSON.parse(
  readFileSync(new URL('../../../../docs/examples/practice-tasks.json', import.meta.url), 'utf8'),
) as PolicyDocument;

const ev = (id: string, type: string, at: string, payload: Record<string, unknown> = {}) => ({
  kind: 'event' as const,
  event: { id, type, userId: 'u1', at, payload },
});
const journey = (steps: Journey['steps']): Journey => ({
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
  steps,
});

describe('undo equals absence', () => {
  let run: PolicyRun;
  beforeAll(async () => {
    const plugins = [incentives(), replies()];
    const harness = createRunHarness(loadPolicy(doc, { plugins }), plugins);
    run = await runJourney(
      harness,
      journey([
        ev('e1', 'task.submitted', '2026-03-02T02:00:00Z', { taskId: 't1', score: 50 }),
        ev('e2', 'task.submitted', '2026-03-02T02:01:00Z', { taskId: 't1', score: 80 }),
        ev('e3', 'action.undone', '2026-03-02T02:03:00Z', { eventId: 'e2' }),
        ev('e4', 'task.peer-reviewed', '2026-03-02T02:04:00Z', { taskId: 'p1' }),
      ]),
    );
  });

  it('reruns the journey without the undone event and its undo, and finds the same results', () => {
    expect(run.absence).toMatchObject({ undone: 'e2', undo: 'e3', step: 2 });
    expect(Object.keys(run.absence?.without.users ?? {})).toEqual(['u1']);
    expect(undoEqualsAbsence(run)).toBeUndefined();
  });

  it('reports the first result that differs', () => {
    const broken: PolicyRun = { ...run, final: structuredClone(run.final) };
    const slice = broken.final.users.u1?.slices.incentives as { badges: Record<string, unknown> };
    slice.badges['peer-mentor'] = { level: 1, at: 0 };
    expect(undoEqualsAbsence(broken)).toMatch(
      /^undoing e2 \(step 3\) does not equal its absence: u1's badges/,
    );
  });

  it('has nothing to compare without an undo right after its event', async () => {
    const plugins = [incentives(), replies()];
    const harness = createRunHarness(loadPolicy(doc, { plugins }), plugins);
    const apart = await runJourney(
      harness,
      journey([
        ev('e1', 'task.submitted', '2026-03-02T02:00:00Z', { taskId: 't1', score: 50 }),
        ev('e2', 'task.peer-reviewed', '2026-03-02T02:01:00Z', { taskId: 'p1' }),
        ev('e3', 'action.undone', '2026-03-02T02:03:00Z', { eventId: 'e1' }),
      ]),
    );
    expect(apart.absence).toBeUndefined();
    expect(undoEqualsAbsence(apart)).toBeUndefined();
  });
});
