import type { Persona } from './persona';
import type { Rng } from './prng';
import { IDEAS } from './texts';

/** The scenes `generate-events` can imitate. */
export const PROFILES = ['ecommerce', 'learning', 'community', 'workplace'] as const;
/** One of `PROFILES`: `ecommerce`, `learning`, `community` or `workplace`. */
export type ProfileName = (typeof PROFILES)[number];

/** What a profile's day function gets: the user, the day, randomness and a way to emit events. */
export interface DayContext {
  user: Persona;
  day: number;
  rng: Rng;
  /** Emits an event at `minute` minutes after the day's start; returns its id. */
  emit(type: string, minute: number, payload?: Record<string, unknown>): string;
  /** Per-user counters kept across days by the profile (e.g. open orders). */
  memo: Record<string, number>;
}

const minute = (rng: Rng, fromHour = 8, toHour = 22): number => rng.int(fromHour * 60, toHour * 60 - 1);

function ecommerce({ user, day, rng, emit, memo }: DayContext): void {
  if (rng.chance(0.25)) {
    const at = minute(rng);
    const orderId = `o-${user.userId}-${day}`;
    emit('order.paid', at, {
      orderId,
      amount: rng.pick([39, 59, 99, 129, 199, 299, 599, 1299]),
      currency: 'CNY',
    });
    memo.orders = (memo.orders ?? 0) + 1;
  }
  if ((memo.orders ?? 0) > 0 && rng.chance(0.3)) {
    memo.orders = (memo.orders ?? 1) - 1;
    const media = rng.pick(['none', 'none', 'photo', 'video'] as const);
    const at = minute(rng, 9, 21);
    const reviewId = emit('review.submitted', at, {
      rating: rng.int(1, 5),
      media,
      productId: `p${rng.int(1, 40)}`,
    });
    if (media !== 'none' && rng.chance(0.12)) emit('review.featured', at + 90, { reviewEventId: reviewId });
    else if (rng.chance(0.02)) emit('review.removed', at + 120, { reviewEventId: reviewId, reason: 'spam' });
  }
  if (rng.chance(0.03)) {
    const at = minute(rng);
    const title = rng.pick(IDEAS[user.locale]);
    const suggestionId = emit('suggestion.submitted', at, { title, category: 'product' });
    if (rng.chance(0.2)) emit('suggestion.adopted', at + 60 * 24 - 1, { title, suggestionId });
  }
}

function learning({ user, day, rng, emit }: DayContext): void {
  if (rng.chance(user.discipline))
    emit('checkin.done', rng.int(6 * 60, 9 * 60), { minutes: rng.int(10, 90) });
  if (rng.chance(0.6))
    emit('lesson.completed', minute(rng, 12, 23), {
      lessonId: `l${rng.int(1, 120)}`,
      minutes: rng.int(5, 45),
    });
  if (day % 7 === 6 && rng.chance(0.5))
    emit('review.weekly', minute(rng, 19, 23), { week: Math.floor(day / 7) + 1 });
  if (rng.chance(0.25))
    for (let i = rng.int(1, 4); i > 0; i--)
      emit('help.answered', minute(rng), { questionId: `q${rng.int(1, 999)}` });
  if (rng.chance(0.15)) {
    const task = `t${rng.int(1, 30)}`;
    const attempts = rng.int(1, 3);
    for (let a = 1; a <= attempts; a++)
      emit('practice.completed', minute(rng, 14, 22) + a, {
        taskId: task,
        attempt: a,
        score: rng.int(55, 100),
      });
  }
  if (rng.chance(0.01))
    emit('order.paid', minute(rng), {
      orderId: `c-${user.userId}-${day}`,
      amount: rng.pick([199, 499, 999]),
    });
}

const SKILLS = ['repair', 'tutoring', 'pet-sitting', 'shopping', 'tech'] as const;

/** Mutual help as community-mutual-help.json reads it: requests, offers, helps with the neighbour helped. */
function community({ user, day, rng, emit }: DayContext): void {
  if (rng.chance(0.15))
    emit('help.requested', minute(rng), {
      requestId: `rq-${user.userId}-${day}`,
      interest: rng.pick(SKILLS),
    });
  if (rng.chance(0.3))
    emit('help.offered', minute(rng), { offerId: `of-${user.userId}-${day}`, interest: rng.pick(SKILLS) });
  if (rng.chance(0.3))
    emit('help.completed', minute(rng, 10, 21), {
      help: `rq-${rng.int(1, 999)}`,
      neighbour: `u${rng.int(1, 999)}`,
      rating: rng.pick([2, 3, 4, 4, 5, 5, 5]),
    });
  if (rng.chance(0.03)) {
    const at = minute(rng);
    const proposal = `pr-${user.userId}-${day}`;
    emit('proposal.submitted', at, { proposalId: proposal, title: rng.pick(IDEAS[user.locale]) });
    if (rng.chance(0.25)) emit('proposal.adopted', at + 600, { proposalId: proposal });
    else if (rng.chance(0.3)) emit('proposal.declined', at + 600, { proposalId: proposal, reason: 'budget' });
  }
  if (day > 10 && rng.chance(0.02)) emit('points.donated', minute(rng), { points: rng.int(5, 20) });
}

/**
 * The three workplace programmes as the examples read them: strategy suggestions from three views and
 * project applications (workplace-strategy-co-creation.json), a team's lab board cards and weekly reviews
 * (workplace-cross-department-lab.json), incubator proposals with weekly progress and point redemptions
 * (workplace-innovation.json).
 */
function workplace({ user, day, rng, emit, memo }: DayContext): void {
  const team = `team-${user.group % 8}`;
  if (rng.chance(0.12))
    emit('strategy.suggested', minute(rng, 9, 18), {
      suggestionId: `ss-${user.userId}-${day}`,
      view: rng.pick(['business', 'customer', 'future']),
      title: rng.pick(IDEAS[user.locale]),
    });
  if (rng.chance(0.01)) emit('project.applied', minute(rng, 9, 18), { projectId: `sp-${rng.int(1, 6)}` });
  if (rng.chance(0.5))
    emit('lab.card.posted', minute(rng, 9, 11), { cardId: `card-${user.userId}-${day}`, group: team });
  if (day % 7 === 4 && rng.chance(0.4))
    emit('lab.review.posted', minute(rng, 15, 18), { reviewId: `rv-${team}-${day}`, group: team });
  if (rng.chance(0.06)) {
    const at = minute(rng, 9, 17);
    memo.proposalDay = day;
    const proposalId = `ip-${user.userId}-${day}`;
    emit('proposal.submitted', at, { proposalId, title: rng.pick(IDEAS[user.locale]) });
    if (rng.chance(0.3))
      emit('proposal.declined', at + 300, { proposalId, reason: rng.pick(['budget', 'timing', 'scope']) });
  } else if (memo.proposalDay !== undefined && (day - memo.proposalDay) % 7 === 6) {
    emit('incubation.progress', minute(rng, 15, 18), { proposalId: `ip-${user.userId}-${memo.proposalDay}` });
  }
  if (rng.chance(0.05))
    emit('innovation.redeemed', minute(rng, 9, 18), { reward: rng.pick(['leave', 'training']) });
}

/** Per profile: the participation of one present user on one day. */
export const PROFILE_DAYS: Record<ProfileName, (ctx: DayContext) => void> = {
  ecommerce,
  learning,
  community,
  workplace,
};

/** The event types each profile sends (besides the baseline's sign-ups, profiles, opens and feedback). */
export const PROFILE_EVENT_TYPES: Record<ProfileName, readonly string[]> = {
  ecommerce: [
    'order.paid',
    'review.submitted',
    'review.featured',
    'review.removed',
    'suggestion.submitted',
    'suggestion.adopted',
  ],
  learning: [
    'checkin.done',
    'lesson.completed',
    'review.weekly',
    'help.answered',
    'practice.completed',
    'order.paid',
  ],
  community: [
    'help.requested',
    'help.offered',
    'help.completed',
    'proposal.submitted',
    'proposal.adopted',
    'proposal.declined',
    'points.donated',
  ],
  workplace: [
    'strategy.suggested',
    'project.applied',
    'lab.card.posted',
    'lab.review.posted',
    'proposal.submitted',
    'proposal.declined',
    'incubation.progress',
    'innovation.redeemed',
  ],
};
