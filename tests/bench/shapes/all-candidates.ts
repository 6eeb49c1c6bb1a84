import type { PolicyDocument } from '@engageloop/core';
import { type ConditionShape, type Facts, random, shapeRule } from './shape';

/**
 * Issue 23's shape: 40 rules that are all candidates for every event (the event-type index does not
 * help), 2–5 comparisons each (140 in all), `all`/`any` nested up to 3 levels, flat facts read without
 * `path`, operators equal, notEqual, lessThan(Inclusive), greaterThan(Inclusive), in, notIn; about 3.5
 * rules fire per event. Eight rule templates, five thresholds each (k = 0…4).
 */
/** The flat facts of the `app` plugin (also read by ./deep-refs.ts). */
export const APP_FACTS = [
  'score',
  'level',
  'country',
  'plan',
  'age',
  'streak',
  'spend',
  'device',
  'visits',
  'lang',
];
const FACTS = APP_FACTS;
const F = (name: string) => `app.${name}`;
const leaf = (fact: string, operator: string, value: unknown) => ({ fact: F(fact), operator, value });
const TEMPLATES = 8;
const K = 5;

function condition(t: number, k: number): unknown {
  switch (t) {
    case 0:
      return { all: [leaf('score', 'greaterThanInclusive', 88 - 2 * k), leaf('plan', 'equal', 'pro')] };
    case 1:
      return {
        all: [
          leaf('level', 'greaterThan', 8),
          { any: [leaf('country', 'in', ['jp', 'de']), leaf('device', 'equal', k % 2 ? 'ios' : 'web')] },
        ],
      };
    case 2:
      return {
        any: [
          { all: [leaf('streak', 'greaterThanInclusive', 22 + k), leaf('visits', 'greaterThan', 30)] },
          { all: [leaf('spend', 'greaterThan', 470 + k), leaf('plan', 'notIn', ['free'])] },
        ],
      };
    case 3:
      return {
        all: [
          leaf('age', 'lessThan', 80 + k * 20),
          {
            any: [
              leaf('lang', 'equal', 'zh'),
              { all: [leaf('country', 'equal', 'cn'), leaf('device', 'notEqual', 'web')] },
            ],
          },
          leaf('score', 'greaterThanInclusive', 50),
        ],
      };
    case 4:
      return {
        all: [
          leaf('visits', 'lessThanInclusive', 6 + 2 * k),
          leaf('spend', 'greaterThan', 200),
          leaf('plan', 'notEqual', 'team'),
        ],
      };
    case 5:
      return {
        any: [
          { all: [leaf('level', 'greaterThanInclusive', 9), leaf('score', 'greaterThan', 70 + k)] },
          { all: [leaf('streak', 'equal', 30 - k), leaf('country', 'in', ['jp', 'de'])] },
        ],
      };
    case 6:
      return {
        all: [
          leaf('device', 'in', ['android']),
          { any: [leaf('age', 'greaterThan', 330 + k * 5), leaf('visits', 'greaterThanInclusive', 44)] },
        ],
      };
    default:
      return {
        all: [
          leaf('plan', 'equal', 'team'),
          { any: [leaf('spend', 'lessThan', 80 + k * 20), leaf('score', 'lessThan', 10)] },
          leaf('lang', 'notIn', ['en']),
        ],
      };
  }
}

const policy: PolicyDocument = {
  version: 1,
  name: 'shape-all-candidates',
  rules: Array.from({ length: TEMPLATES * K }, (_, i) =>
    shapeRule(
      `t${i % TEMPLATES}-k${Math.floor(i / TEMPLATES)}`,
      condition(i % TEMPLATES, Math.floor(i / TEMPLATES)),
    ),
  ),
};

/** The facts of `count` events, over the `app` plugin's facts (deterministic). */
export function appEvents(count: number): Facts[] {
  const next = random(23);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)] as T;
  return Array.from({ length: count }, () => ({
    'app.score': Math.floor(next() * 101),
    'app.level': 1 + Math.floor(next() * 10),
    'app.country': pick(['cn', 'us', 'de', 'jp', 'br']),
    'app.plan': pick(['free', 'pro', 'team']),
    'app.age': Math.floor(next() * 400),
    'app.streak': Math.floor(next() * 31),
    'app.spend': Math.floor(next() * 500),
    'app.device': pick(['ios', 'android', 'web']),
    'app.visits': Math.floor(next() * 51),
    'app.lang': pick(['en', 'zh', 'de']),
  }));
}

type N = number;
type S = string;

// The eight templates written by hand as closure factories over the facts' values (json-rules-engine's
// semantics hold as written: every numeric fact is a number, so its numberValidator passes).
const hand: Array<(k: N) => (f: Facts) => boolean> = [
  (k) => (f) => (f['app.score'] as N) >= 88 - 2 * k && f['app.plan'] === 'pro',
  (k) => {
    const device = k % 2 ? 'ios' : 'web';
    return (f) => {
      if (!((f['app.level'] as N) > 8)) return false;
      const c = f['app.country'];
      return c === 'jp' || c === 'de' || f['app.device'] === device;
    };
  },
  (k) => (f) =>
    ((f['app.streak'] as N) >= 22 + k && (f['app.visits'] as N) > 30) ||
    ((f['app.spend'] as N) > 470 + k && f['app.plan'] !== 'free'),
  (k) => (f) =>
    (f['app.age'] as N) < 80 + k * 20 &&
    (f['app.lang'] === 'zh' || (f['app.country'] === 'cn' && f['app.device'] !== 'web')) &&
    (f['app.score'] as N) >= 50,
  (k) => (f) =>
    (f['app.visits'] as N) <= 6 + 2 * k && (f['app.spend'] as N) > 200 && f['app.plan'] !== 'team',
  (k) => (f) =>
    ((f['app.level'] as N) >= 9 && (f['app.score'] as N) > 70 + k) ||
    (f['app.streak'] === 30 - k && (f['app.country'] === 'jp' || f['app.country'] === 'de')),
  (k) => (f) =>
    f['app.device'] === 'android' && ((f['app.age'] as N) > 330 + k * 5 || (f['app.visits'] as N) >= 44),
  (k) => (f) =>
    f['app.plan'] === 'team' &&
    ((f['app.spend'] as N) < 80 + k * 20 || (f['app.score'] as N) < 10) &&
    f['app.lang'] !== 'en',
];

/** Every rule in one function: each fact read once, the templates inlined per threshold. */
function fused(f: Facts, out: boolean[]): void {
  const score = f['app.score'] as N;
  const level = f['app.level'] as N;
  const country = f['app.country'] as S;
  const plan = f['app.plan'] as S;
  const age = f['app.age'] as N;
  const streak = f['app.streak'] as N;
  const spend = f['app.spend'] as N;
  const device = f['app.device'] as S;
  const visits = f['app.visits'] as N;
  const lang = f['app.lang'] as S;
  const jpde = country === 'jp' || country === 'de';
  const level8 = level > 8;
  const streakVisits = visits > 30;
  const notFree = plan !== 'free';
  const t3 = (lang === 'zh' || (country === 'cn' && device !== 'web')) && score >= 50;
  const t4 = spend > 200 && plan !== 'team';
  const t6 = device === 'android';
  const t7 = plan === 'team' && lang !== 'en';
  for (let k = 0, i = 0; k < K; k++, i += TEMPLATES) {
    out[i] = score >= 88 - 2 * k && plan === 'pro';
    out[i + 1] = level8 && (jpde || device === (k % 2 ? 'ios' : 'web'));
    out[i + 2] = (streak >= 22 + k && streakVisits) || (spend > 470 + k && notFree);
    out[i + 3] = age < 80 + k * 20 && t3;
    out[i + 4] = visits <= 6 + 2 * k && t4;
    out[i + 5] = (level >= 9 && score > 70 + k) || (streak === 30 - k && jpde);
    out[i + 6] = t6 && (age > 330 + k * 5 || visits >= 44);
    out[i + 7] = t7 && (spend < 80 + k * 20 || score < 10);
  }
}

export function allCandidatesShape(eventCount: number): ConditionShape {
  return {
    name: 'all candidates (40 rules, flat facts)',
    plugin: { name: 'app', facts: FACTS.map(F), operators: {} },
    policy,
    events: appEvents(eventCount),
    closures: policy.rules.map((_, i) =>
      (hand[i % TEMPLATES] as (k: N) => (f: Facts) => boolean)(Math.floor(i / TEMPLATES)),
    ),
    fused,
  };
}
