import type { ReviewScheme } from './settings';
import type { ItemReview, ItemState } from './types';

/** The weighted mean of a review's scores under a scheme (criteria the review lacks score `min`). */
export function weightedScore(scheme: ReviewScheme, scores: Record<string, number>): number {
  let total = 0;
  let weights = 0;
  const low = scheme.min ?? 1;
  for (const [criterion, { weight }] of Object.entries(scheme.criteria)) {
    const value = Object.hasOwn(scores, criterion) ? (scores[criterion] as number) : low;
    total += value * weight;
    weights += weight;
  }
  return weights === 0 ? 0 : Math.round((total / weights) * 1000) / 1000;
}

/** The scores a review may give: every key a criterion of the scheme, every value within `min`–`max`. */
export function reviewProblem(scheme: ReviewScheme, scores: Record<string, number>): string | null {
  const low = scheme.min ?? 1;
  const high = scheme.max ?? 5;
  for (const [key, value] of Object.entries(scores)) {
    if (!Object.hasOwn(scheme.criteria, key)) return `"${key}" is not a criterion of this scheme`;
    if (!(value >= low && value <= high)) return `"${key}" must be between ${low} and ${high}`;
  }
  return null;
}

/** The item with `review` in place of the reviewer's earlier review of the same scheme (bounded to `limit`). Pure. */
export function addReview(item: ItemState, review: ItemReview, limit: number): ItemState {
  const others = item.reviews.filter((r) => !(r.by === review.by && r.scheme === review.scheme));
  return { ...item, reviews: [...others, review].slice(-limit) };
}

/** The item without the review `by` gave under `scheme` (a withdrawn review). */
export function withoutReview(item: ItemState, by: string, scheme: string): ItemState {
  return { ...item, reviews: item.reviews.filter((r) => !(r.by === by && r.scheme === scheme)) };
}

/** An item's standing under a scheme: reviews counted, mean of their scores, and whether it passed. */
export interface ReviewStanding {
  reviews: number;
  score: number | null;
  passed: boolean;
}

/**
 * The mean of the item's reviews under `schemeId` (with `round: "stage"`, only those of its current stage
 * visit), and whether it reached the pass mark with enough reviews.
 */
export function standing(item: ItemState, schemeId: string, scheme: ReviewScheme): ReviewStanding {
  const thisRound = (r: ItemReview) => scheme.round !== 'stage' || r.visit === item.visit;
  const reviews = item.reviews.filter((r) => r.scheme === schemeId && thisRound(r));
  if (reviews.length === 0) return { reviews: 0, score: null, passed: false };
  const score = Math.round((reviews.reduce((s, r) => s + r.score, 0) / reviews.length) * 1000) / 1000;
  return {
    reviews: reviews.length,
    score,
    passed: reviews.length >= (scheme.minReviews ?? 1) && score >= scheme.passMark,
  };
}
