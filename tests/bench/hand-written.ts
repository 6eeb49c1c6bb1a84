import { BENCH_TYPES } from './policy-40';

/** The facts the 40 bench conditions read. */
export interface BenchFacts {
  event: { payload: { score?: unknown; channel?: unknown; tags?: unknown } };
  user: { counts: Record<string, number> };
}

type Check = (f: BenchFacts) => boolean;

const isNum = (v: unknown): v is number => typeof v === 'number';

// The three condition shapes of policy-40.ts, written by hand as plain closures.
const scoreAtLeast =
  (threshold: number): Check =>
  (f) => {
    const s = f.event.payload.score;
    return isNum(s) && s >= threshold;
  };
const channelOrCount = (type: string, min: number): Check => {
  // the policy reads `$.counts.<type>`, and event types contain a dot: `$.counts.review.submitted`
  const [outer = '', inner = ''] = type.split('.');
  return (f) => {
    const c = f.event.payload.channel;
    if (c === 'app' || c === 'mini-program') return true;
    const level = f.user.counts[outer] as unknown;
    const n =
      typeof level === 'object' && level !== null && Object.hasOwn(level, inner)
        ? (level as Record<string, unknown>)[inner]
        : undefined;
    return isNum(n) && n > min;
  };
};
const lowScoreNoSpam: Check = (f) => {
  const s = f.event.payload.score;
  const tags = f.event.payload.tags;
  return isNum(s) && s < 4 && !(Array.isArray(tags) && tags.includes('spam'));
};

/** The 40 conditions of the bench policy as hand-written closures, in policy order. */
export const handWritten: Check[] = BENCH_TYPES.flatMap((type, t) =>
  [0, 1, 2, 3, 4].map((r) => {
    if (r % 3 === 0) return scoreAtLeast((t + r) % 5);
    if (r % 3 === 1) return channelOrCount(type, 3 + r);
    return lowScoreNoSpam;
  }),
);
