import { EngageLoopError, loadPolicy } from '@engageloop/core';
import { incentives } from '@engageloop/incentives';
import { describe, expect, it } from 'vitest';
import { examplePolicy, plantedBugs, plantedPolicy } from '../__fixtures__/planted-bugs';
import { assertPolicy } from '../check/check-policy';
import { ALL_INVARIANTS } from './all';

// Five policy bugs that passed assertPolicy (100 journeys each) before the policy-level invariants.
// Each fixture must fail assertPolicy with its defaults, named by the invariant that catches it.
const plugins = [incentives()];

describe('planted policy bugs', () => {
  const bugs = plantedBugs();

  it('are five fixtures, each naming an invariant of the kit', () => {
    expect(bugs).toHaveLength(5);
    const names = ALL_INVARIANTS.map((i) => i.invariantName);
    for (const bug of bugs) expect(names).toContain(bug.caughtBy);
  });

  for (const bug of bugs) {
    it(`${bug.file} is a valid policy that fails assertPolicy: ${bug.caughtBy}`, async () => {
      const doc = plantedPolicy(bug);
      expect(() => loadPolicy(doc, { plugins })).not.toThrow();
      const error = await assertPolicy(doc, { plugins }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(EngageLoopError);
      expect((error as EngageLoopError).code).toBe('POLICY_INVARIANT_FAILED');
      expect((error as EngageLoopError).data).toMatchObject({ invariant: bug.caughtBy });
    }, 120_000);
  }

  it('leave the example they are planted in passing', async () => {
    const result = await assertPolicy(examplePolicy('ecommerce-reviews'), { plugins });
    expect(result.checked).toEqual(expect.arrayContaining([...new Set(bugs.map((b) => b.caughtBy))]));
  }, 120_000);
});
