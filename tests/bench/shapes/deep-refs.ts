import type { PolicyDocument } from '@engageloop/core';
import { APP_FACTS, appEvents } from './all-candidates';
import { type ConditionShape, type Facts, shapeRule } from './shape';

/**
 * Deep nesting and condition references: 40 rules (five templates, eight thresholds each) nesting
 * `all`/`any`/`not` four to five levels deep over five named conditions, one of which refers to
 * another; the same flat `app` facts and events as the all-candidates shape.
 */
const F = (name: string) => `app.${name}`;
const leaf = (fact: string, operator: string, value: unknown) => ({ fact: F(fact), operator, value });
const ref = (condition: string) => ({ condition });
const TEMPLATES = 5;
const K = 8;

const conditions = {
  isPayer: { any: [leaf('plan', 'in', ['pro', 'team']), leaf('spend', 'greaterThan', 200)] },
  isEngaged: { all: [leaf('visits', 'greaterThanInclusive', 10), leaf('streak', 'greaterThanInclusive', 5)] },
  isLocal: { any: [leaf('country', 'equal', 'cn'), leaf('lang', 'equal', 'zh')] },
  isVeteran: { all: [leaf('age', 'greaterThan', 200), ref('isEngaged')] },
  isMobile: { not: leaf('device', 'equal', 'web') },
} as PolicyDocument['conditions'];

function condition(t: number, k: number): unknown {
  switch (t) {
    case 0:
      return {
        all: [
          ref('isPayer'),
          {
            any: [
              ref('isLocal'),
              { all: [leaf('score', 'greaterThan', 80 + k * 2), { not: leaf('level', 'lessThan', 3) }] },
            ],
          },
        ],
      };
    case 1:
      return {
        any: [
          { all: [ref('isVeteran'), ref('isMobile'), leaf('score', 'greaterThanInclusive', 95 - k)] },
          {
            all: [
              leaf('level', 'equal', 10 - (k % 3)),
              { any: [{ not: ref('isPayer') }, leaf('streak', 'greaterThan', 29 - k)] },
            ],
          },
        ],
      };
    case 2:
      return {
        all: [
          { not: { any: [leaf('plan', 'equal', 'free'), leaf('visits', 'lessThan', 20 + k)] } },
          { any: [{ all: [ref('isLocal'), ref('isMobile')] }, leaf('age', 'lessThan', 20 + k * 5)] },
          leaf('spend', 'greaterThanInclusive', 100),
        ],
      };
    case 3:
      return {
        any: [
          {
            all: [
              {
                all: [
                  { all: [leaf('score', 'greaterThan', 97 - k), leaf('level', 'greaterThan', 5)] },
                  leaf('streak', 'greaterThan', 10),
                ],
              },
              ref('isEngaged'),
            ],
          },
          {
            all: [
              ref('isPayer'),
              { not: ref('isMobile') },
              leaf('lang', 'in', ['de', 'en']),
              leaf('visits', 'greaterThan', 48 - k),
            ],
          },
        ],
      };
    default:
      return {
        all: [
          ref('isEngaged'),
          {
            any: [
              ref('isVeteran'),
              { not: { all: [ref('isPayer'), leaf('score', 'lessThan', 40 + k * 5)] } },
            ],
          },
          leaf('country', 'notIn', ['br', 'us', 'de', 'jp'].slice(0, 1 + (k % 4))),
        ],
      };
  }
}

const policy: PolicyDocument = {
  version: 1,
  name: 'shape-deep-refs',
  conditions,
  rules: Array.from({ length: TEMPLATES * K }, (_, i) =>
    shapeRule(
      `d${i % TEMPLATES}-k${Math.floor(i / TEMPLATES)}`,
      condition(i % TEMPLATES, Math.floor(i / TEMPLATES)),
    ),
  ),
};

type N = number;

// The named conditions and templates by hand, over the facts' values (all numeric facts are numbers).
const isPayer = (f: Facts) =>
  f['app.plan'] === 'pro' || f['app.plan'] === 'team' || (f['app.spend'] as N) > 200;
const isEngaged = (f: Facts) => (f['app.visits'] as N) >= 10 && (f['app.streak'] as N) >= 5;
const isLocal = (f: Facts) => f['app.country'] === 'cn' || f['app.lang'] === 'zh';
const isVeteran = (f: Facts) => (f['app.age'] as N) > 200 && isEngaged(f);
const isMobile = (f: Facts) => f['app.device'] !== 'web';

const hand: Array<(k: N) => (f: Facts) => boolean> = [
  (k) => (f) =>
    isPayer(f) && (isLocal(f) || ((f['app.score'] as N) > 80 + k * 2 && !((f['app.level'] as N) < 3))),
  (k) => (f) =>
    (isVeteran(f) && isMobile(f) && (f['app.score'] as N) >= 95 - k) ||
    (f['app.level'] === 10 - (k % 3) && (!isPayer(f) || (f['app.streak'] as N) > 29 - k)),
  (k) => (f) =>
    !(f['app.plan'] === 'free' || (f['app.visits'] as N) < 20 + k) &&
    ((isLocal(f) && isMobile(f)) || (f['app.age'] as N) < 20 + k * 5) &&
    (f['app.spend'] as N) >= 100,
  (k) => (f) =>
    ((f['app.score'] as N) > 97 - k &&
      (f['app.level'] as N) > 5 &&
      (f['app.streak'] as N) > 10 &&
      isEngaged(f)) ||
    (isPayer(f) &&
      !isMobile(f) &&
      (f['app.lang'] === 'de' || f['app.lang'] === 'en') &&
      (f['app.visits'] as N) > 48 - k),
  (k) => {
    const excluded = ['br', 'us', 'de', 'jp'].slice(0, 1 + (k % 4));
    return (f) =>
      isEngaged(f) &&
      (isVeteran(f) || !(isPayer(f) && (f['app.score'] as N) < 40 + k * 5)) &&
      !excluded.includes(f['app.country'] as string);
  },
];

const EXCLUDED = [0, 1, 2, 3].map((m) => ['br', 'us', 'de', 'jp'].slice(0, 1 + m));

/** Every rule in one function: facts read once, the named conditions computed once, templates inlined. */
function fused(f: Facts, out: boolean[]): void {
  const score = f['app.score'] as N;
  const level = f['app.level'] as N;
  const country = f['app.country'] as string;
  const plan = f['app.plan'] as string;
  const age = f['app.age'] as N;
  const streak = f['app.streak'] as N;
  const spend = f['app.spend'] as N;
  const visits = f['app.visits'] as N;
  const lang = f['app.lang'] as string;
  const payer = plan === 'pro' || plan === 'team' || spend > 200;
  const engaged = visits >= 10 && streak >= 5;
  const local = country === 'cn' || lang === 'zh';
  const veteran = age > 200 && engaged;
  const mobile = f['app.device'] !== 'web';
  const notFree = plan !== 'free';
  const spend100 = spend >= 100;
  const localMobile = local && mobile;
  const deEn = lang === 'de' || lang === 'en';
  const t3b = payer && !mobile && deEn;
  for (let k = 0, i = 0; k < K; k++, i += TEMPLATES) {
    out[i] = payer && (local || (score > 80 + k * 2 && !(level < 3)));
    out[i + 1] =
      (veteran && mobile && score >= 95 - k) || (level === 10 - (k % 3) && (!payer || streak > 29 - k));
    out[i + 2] = notFree && !(visits < 20 + k) && (localMobile || age < 20 + k * 5) && spend100;
    out[i + 3] = (score > 97 - k && level > 5 && streak > 10 && engaged) || (t3b && visits > 48 - k);
    out[i + 4] =
      engaged &&
      (veteran || !(payer && score < 40 + k * 5)) &&
      !(EXCLUDED[k % 4] as string[]).includes(country);
  }
}

export function deepRefsShape(eventCount: number): ConditionShape {
  return {
    name: 'deep nesting + condition references (40 rules, 5 named)',
    plugin: { name: 'app', facts: APP_FACTS.map(F), operators: {} },
    policy,
    events: appEvents(eventCount),
    closures: policy.rules.map((_, i) =>
      (hand[i % TEMPLATES] as (k: N) => (f: Facts) => boolean)(Math.floor(i / TEMPLATES)),
    ),
    fused,
  };
}
