import { describe, expect, it } from 'vitest';
import { addReview, reviewProblem, standing, weightedScore } from './reviews';
import type { ReviewScheme } from './settings';
import type { ItemState } from './types';

const SCHEME: ReviewScheme = {
  criteria: { feasibility: { weight: 2 }, innovation: { weight: 1 }, value: { weight: 1 } },
  passMark: 3.5,
  minReviews: 2,
};
const item: ItemState = {
  id: 'p1',
  kind: 'proposal',
  ownerId: 'u1',
  createdAt: 0,
  group: null,
  track: null,
  stage: null,
  stageSince: null,
  reviews: [],
};
const review = (by: string, scores: Record<string, number>) => ({
  by,
  scheme: 'innovation',
  scores,
  score: weightedScore(SCHEME, scores),
  at: 0,
});

describe('multi-criteria reviews', () => {
  it('weights the criteria and counts a missing one as the lowest score', () => {
    expect(weightedScore(SCHEME, { feasibility: 5, innovation: 3, value: 1 })).toBe(3.5);
    expect(weightedScore(SCHEME, { feasibility: 5 })).toBe(3);
  });

  it('refuses unknown criteria and scores out of range', () => {
    expect(reviewProblem(SCHEME, { feasibility: 6 })).toMatch(/between 1 and 5/);
    expect(reviewProblem(SCHEME, { cost: 3 })).toMatch(/not a criterion/);
    expect(reviewProblem(SCHEME, { feasibility: 4, value: 2 })).toBeNull();
  });

  it('passes at the pass mark once enough reviewers agree, a reviewer counting once', () => {
    const one = addReview(item, review('e1', { feasibility: 5, innovation: 4, value: 4 }), 10);
    expect(standing(one, 'innovation', SCHEME)).toEqual({ reviews: 1, score: 4.5, passed: false });
    const again = addReview(one, review('e1', { feasibility: 4, innovation: 4, value: 4 }), 10);
    expect(standing(again, 'innovation', SCHEME).reviews).toBe(1);
    const two = addReview(again, review('e2', { feasibility: 3, innovation: 3, value: 3 }), 10);
    expect(standing(two, 'innovation', SCHEME)).toEqual({ reviews: 2, score: 3.5, passed: true });
    expect(standing(two, 'other', SCHEME)).toEqual({ reviews: 0, score: null, passed: false });
  });

  it('with round "stage" counts only the reviews of the current stage visit: each visit is a fresh round', () => {
    const perVisit: ReviewScheme = { ...SCHEME, round: 'stage' };
    const good = { feasibility: 5, innovation: 4, value: 4 };
    const first: ItemState = { ...item, stage: 'demo-day', visit: 1 };
    const reviewed = [review('e1', { feasibility: 1 }), review('e2', { feasibility: 1 })].reduce<ItemState>(
      (it, r) => addReview(it, { ...r, visit: 1 }, 10),
      first,
    );
    expect(standing(reviewed, 'innovation', perVisit)).toMatchObject({ reviews: 2, passed: false });
    // Back on the stage a month later: last month's reviews no longer count, a new one alone is one of two.
    const second = { ...reviewed, visit: 3 };
    expect(standing(second, 'innovation', perVisit)).toEqual({ reviews: 0, score: null, passed: false });
    const again = addReview(second, { ...review('e1', good), visit: 3 }, 10);
    expect(standing(again, 'innovation', perVisit)).toEqual({ reviews: 1, score: 4.5, passed: false });
    // The default round counts every reviewer's latest review, whatever the visit.
    expect(standing(again, 'innovation', SCHEME)).toMatchObject({ reviews: 2, score: 2.75 });
  });
});
