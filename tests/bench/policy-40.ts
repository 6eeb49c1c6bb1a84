import type { LoopEvent, PolicyDocument, RuleDefinition, Stage } from '@engageloop/core';
import type { StreamPrefixes } from '../stores/support/scenario';

/** Event types of the benchmark stream, and the 40-rule engagement policy over them (5 rules per type). */
export const BENCH_TYPES = [
  'review.submitted',
  'checkin.done',
  'help.given',
  'task.submitted',
  'proposal.submitted',
  'purchase.completed',
  'post.liked',
  'feedback.submitted',
] as const;

const STAGE_OF: Stage[] = ['need', 'motivation', 'action', 'value', 'action'];

function rulesFor(type: string, t: number): RuleDefinition[] {
  return STAGE_OF.map((stage, r) => {
    const threshold = (t + r) % 5;
    const conditions =
      r % 3 === 0
        ? {
            all: [
              { fact: 'event', path: '$.payload.score', operator: 'greaterThanInclusive', value: threshold },
            ],
          }
        : r % 3 === 1
          ? {
              any: [
                { fact: 'event', path: '$.payload.channel', operator: 'in', value: ['app', 'mini-program'] },
                { fact: 'user', path: `$.counts.${type}`, operator: 'greaterThan', value: 3 + r },
              ],
            }
          : {
              all: [
                { fact: 'event', path: '$.payload.score', operator: 'lessThan', value: 4 },
                { not: { fact: 'event', path: '$.payload.tags', operator: 'contains', value: 'spam' } },
              ],
            };
    return {
      id: `${type.replace('.', '-')}-${r}`,
      stage,
      on: type,
      conditions,
      effects: [{ type: 'core.setAttribute', params: { key: `last-${t}-${r}`, value: r } }],
    } as RuleDefinition;
  });
}

export const benchPolicy: PolicyDocument = {
  version: 1,
  name: 'bench-40',
  eventTypes: Object.fromEntries(BENCH_TYPES.map((t) => [t, {}])),
  rules: BENCH_TYPES.flatMap((type, t) => rulesFor(type, t)),
};

/**
 * The 40 rules plus the incentives plugin at work: a points wallet and one award rule per event type
 * (so "plugins" in the dispatch row is not only the core plugin).
 */
export const benchPolicyWithPoints: PolicyDocument = {
  ...benchPolicy,
  name: 'bench-40-points',
  settings: { incentives: { wallets: { points: { description: { en: 'Points' } } } } },
  rules: [
    ...benchPolicy.rules,
    {
      id: 'points',
      stage: 'action',
      on: [...BENCH_TYPES],
      conditions: { all: [{ fact: 'event', path: '$.payload.score', operator: 'greaterThan', value: 0 }] },
      effects: [{ type: 'incentives.award', params: { amount: 10, reason: 'activity' } }],
    } as RuleDefinition,
  ],
};

/** A deterministic stream of `count` events over `users` users (ids and user ids prefixed by `prefix`). */
export function benchEvents(count: number, users: number, prefix: StreamPrefixes = {}): LoopEvent[] {
  const ids = prefix.ids ?? '';
  const userIds = prefix.users ?? '';
  let seed = 42;
  const next = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  const start = Date.parse('2026-01-01T00:00:00Z');
  const channels = ['app', 'mini-program', 'community', 'email'];
  return Array.from({ length: count }, (_, i) => ({
    id: `${ids}b${i}`,
    type: BENCH_TYPES[Math.floor(next() * BENCH_TYPES.length)] as string,
    userId: `${userIds}u${Math.floor(next() * users)}`,
    at: new Date(start + i * 1000).toISOString(),
    payload: {
      score: Math.floor(next() * 6),
      channel: channels[Math.floor(next() * channels.length)],
      tags: next() < 0.05 ? ['spam'] : ['ok'],
    },
  }));
}

/**
 * Parts of the memory row's policy (`BENCH_PART`), each with whether the incentives plugin runs: `kernel` (no
 * rules, no plugin), `hooks` (the incentives plugin, no rules), `award` (the incentives plugin and its one award
 * rule), `rules` (the 40 core rules, no plugin), `all` (the whole row). A part's cost is its figure less
 * `kernel`'s (or `hooks`' for `award`).
 */
export const BENCH_PARTS: Readonly<Record<string, readonly [PolicyDocument, boolean]>> = {
  kernel: [{ ...benchPolicy, rules: [] }, false],
  hooks: [{ ...benchPolicyWithPoints, rules: [] }, true],
  award: [{ ...benchPolicyWithPoints, rules: benchPolicyWithPoints.rules.slice(-1) }, true],
  rules: [benchPolicy, false],
  all: [benchPolicyWithPoints, true],
};

/** The policy of the part `name` of `BENCH_PARTS` and whether the incentives plugin runs; an error names the parts. */
export function benchPart(name: string): readonly [PolicyDocument, boolean] {
  const chosen = BENCH_PARTS[name];
  if (chosen === undefined) throw new Error(`BENCH_PART is one of ${Object.keys(BENCH_PARTS).join(', ')}`);
  return chosen;
}
