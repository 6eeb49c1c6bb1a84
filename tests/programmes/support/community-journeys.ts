import { contestWithinTop, reactionsCountOnce } from '@engageloop/community';
import { createRegistry, loadPolicy, type Plugin, type PolicyDocument } from '@engageloop/core';
import {
  ALL_INVARIANTS,
  defineInvariant,
  eventCatalogue,
  type Invariant,
  journeyArb,
} from '@engageloop/testing';

const oneOf = (...values: string[]) => ({ enum: values });
const object = (properties: Record<string, unknown>) => ({
  type: 'object',
  required: Object.keys(properties),
  properties,
});
const item = oneOf('p1', 'p2', 'p3');
const group = oneOf('g1', 'g2');

/**
 * Payload schemas (for generation only) of what users send to the community plugin and of the example
 * policies' own events that name items and groups, over a few ids so journeys collide on them.
 */
const SCHEMAS: Record<string, Record<string, unknown>> = {
  'community.like': object({ item }),
  'community.unlike': object({ item }),
  'community.vote': object({ item, option: oneOf('yes', 'no') }),
  'community.unvote': object({ item }),
  'community.review': object({
    item,
    scheme: oneOf('proposal-review'),
    scores: object({ feasibility: { enum: [1, 5] }, value: { enum: [4] } }),
  }),
  'community.rate': object({
    item,
    user: oneOf('u1', 'u2'),
    rating: { type: 'integer', minimum: 1, maximum: 5 },
  }),
  'community.group.create': object({ group, kind: oneOf('themed-buy', 'study', 'interest', 'lab-team') }),
  'community.group.join': object({ group }),
  'community.group.leave': object({ group }),
  'community.group.role': object({ group, member: oneOf('u1', 'u2'), role: oneOf('leader', 'tutor') }),
  'post.shared': object({ postId: item }),
  'proposal.submitted': object({ proposalId: item }),
  'proposal.voting-opened': object({ item }),
  'suggestion.submitted': object({ suggestionId: item, productId: oneOf('lamp') }),
  'suggestion.screening': object({ item }),
  'suggestion.adopted': object({ item }),
  'suggestion.declined': object({ item }),
  'product.launched': object({ item }),
  'course.suggestion-submitted': object({ suggestionId: item, courseId: oneOf('sql-101') }),
  'help.requested': object({
    requestId: oneOf('r1', 'r2'),
    area: oneOf('b3', 'b9'),
    interest: oneOf('repairs'),
  }),
  'profile.updated': object({
    areas: { enum: [['b3'], ['b3', 'b4']] },
    interests: { enum: [['repairs'], []] },
    freeTime: { enum: [['sat-am'], []] },
  }),
  'activity.held': object({ activityId: item, group }),
  'venue.requested': object({ group }),
  'strategy.suggested': object({
    suggestionId: item,
    view: oneOf('business', 'customer', 'future', 'other'),
  }),
  'lab.card.posted': object({ cardId: item, group }),
  'lab.review.posted': object({ reviewId: item, group }),
  'proposal.declined': object({ proposalId: item, reason: oneOf('budget') }),
  'incubation.progress': object({ proposalId: item }),
  'innovation.redeemed': object({ reward: oneOf('leave', 'training') }),
};

type ReviewSchemes = Record<string, { criteria: Record<string, unknown>; min?: number; max?: number }>;

/**
 * A review under one of the policy's own review schemes (settings.community.reviews), scoring that scheme's
 * own criteria at its bounds and just under its top, so reviews both pass and fail; the generic review
 * when the policy has no schemes.
 */
function reviewSchema(doc: PolicyDocument): Record<string, unknown> {
  const schemes = (doc.settings?.community as { reviews?: ReviewSchemes } | undefined)?.reviews ?? {};
  const review = SCHEMAS['community.review'] as Record<string, unknown>;
  const each = Object.entries(schemes).map(([scheme, { criteria, min = 1, max = 5 }]) => {
    const score = { enum: [...new Set([min, max - 1, max])] };
    return object({
      item,
      scheme: { const: scheme },
      scores: object(Object.fromEntries(Object.keys(criteria).map((c) => [c, score]))),
    });
  });
  return each.length === 0 ? review : { anyOf: each };
}

/**
 * Journeys for a policy that uses the community plugin, with payloads over a few item and group ids; the
 * catalogue leaves out the plugin's derived and timer events (their `sources` exclude `'event'`).
 */
export function communityJourney(
  doc: PolicyDocument,
  plugins: Plugin[],
  options: { maxUsers: number; maxSteps: number },
) {
  const registry = createRegistry(plugins);
  const catalogue = eventCatalogue(loadPolicy(doc, { registry }), registry);
  return journeyArb({
    ...options,
    catalogue,
    schemas: { ...SCHEMAS, 'community.review': reviewSchema(doc) },
  });
}

const settingsOf = (policy: { settings: Record<string, unknown> }) =>
  (policy.settings.community ?? {}) as Parameters<typeof contestWithinTop>[0];
const usesCommunity = (policy: { settings: Record<string, unknown> }) =>
  policy.settings.community !== undefined;

/** Every invariant of the testing kit, plus the community plugin's. */
export const COMMUNITY_INVARIANTS: Invariant[] = [
  ...ALL_INVARIANTS,
  defineInvariant(
    'a contest awards at most its top per period, once',
    (run) => contestWithinTop({ contests: settingsOf(run.policy).contests ?? [] }, run.signals),
    usesCommunity,
  ),
  defineInvariant(
    'a like or vote counts once per user and item',
    (run) => reactionsCountOnce(run.signals),
    usesCommunity,
  ),
];
