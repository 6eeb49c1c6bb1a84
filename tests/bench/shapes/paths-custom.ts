import type { OperatorFunction, PolicyDocument } from '@engageloop/core';
import { type ConditionShape, type Facts, random, shapeRule } from './shape';

/**
 * Many rules over many facts with paths and custom operators: `count` rules (ten templates; 200 in the
 * table, 1,000 for the setup row) over 30 facts whose values are nested objects, each comparison reading
 * a `path` into one (`$.stats.count`, `$.meta.tag` …), with plugin operators `startsWith`, `between` and
 * `divisibleBy` next to the built-in ones.
 */
const FACT_COUNT = 30;
const TEMPLATES = 10;
const fact = (i: number) => `m.f${i % FACT_COUNT}`;
const at = (i: number, path: string, operator: string, value: unknown) => ({
  fact: fact(i),
  path,
  operator,
  value,
});
const TAGS = ['alpha', 'beta', 'gamma', 'delta'];

export const customOperators: Record<string, OperatorFunction> = {
  startsWith: (a, b) => typeof a === 'string' && typeof b === 'string' && a.startsWith(b),
  between: (a, b) =>
    typeof a === 'number' && Array.isArray(b) && a >= (b[0] as number) && a <= (b[1] as number),
  divisibleBy: (a, b) => typeof a === 'number' && typeof b === 'number' && a % b === 0,
};

/** Which facts rule `r` reads: `i`, `j` (distinct), and its threshold step `k`. */
const slots = (r: number) => ({
  i: (r * 7) % FACT_COUNT,
  j: (r * 11 + 3) % FACT_COUNT,
  k: Math.floor(r / TEMPLATES) % 20,
});

function condition(r: number): unknown {
  const { i, j, k } = slots(r);
  switch (r % TEMPLATES) {
    case 0:
      return {
        all: [at(i, '$.stats.count', 'greaterThan', 80 + (k % 10)), at(i, '$.meta.tag', 'startsWith', 'al')],
      };
    case 1:
      return { any: [at(i, '$.stats.avg', 'between', [4.6, 5]), at(j, '$.meta.tier', 'equal', 5)] };
    case 2:
      return {
        all: [
          at(i, '$.flags.on', 'equal', true),
          at(j, '$.stats.count', 'divisibleBy', 7 + (k % 5)),
          at(i, '$.meta.tier', 'greaterThanInclusive', 3),
        ],
      };
    case 3:
      return {
        all: [at(i, '$.meta.tag', 'in', ['beta1', 'gamma2']), { not: at(j, '$.flags.on', 'equal', true) }],
      };
    case 4:
      return {
        any: [at(i, '$.stats.count', 'lessThan', 3 + (k % 4)), at(j, '$.stats.avg', 'greaterThan', 4.9)],
      };
    case 5:
      return {
        all: [
          at(j, '$.meta.tier', 'equal', 1 + (k % 5)),
          { any: [at(i, '$.meta.tag', 'startsWith', 'de'), at(i, '$.stats.count', 'greaterThan', 95)] },
        ],
      };
    case 6:
      return {
        all: [at(i, '$.stats.avg', 'lessThanInclusive', 0.3), at(j, '$.meta.tag', 'notIn', ['alpha0'])],
      };
    case 7:
      return {
        all: [at(i, '$.stats.count', 'between', [40, 42 + (k % 3)]), at(j, '$.flags.on', 'notEqual', false)],
      };
    case 8:
      return {
        any: [
          { all: [at(i, '$.meta.tier', 'equal', 5), at(j, '$.meta.tier', 'equal', 5)] },
          at(i, '$.stats.count', 'equal', 50 + k),
        ],
      };
    default:
      return {
        all: [
          at(j, '$.stats.count', 'greaterThanInclusive', 60),
          at(i, '$.meta.tag', 'startsWith', 'gamma3'),
          at(i, '$.flags.on', 'equal', true),
        ],
      };
  }
}

interface M {
  stats: { count: number; avg: number };
  meta: { tag: string; tier: number };
  flags: { on: boolean };
}

function events(count: number): Facts[] {
  const next = random(30);
  return Array.from({ length: count }, () => {
    const facts: Facts = {};
    for (let i = 0; i < FACT_COUNT; i++) {
      facts[fact(i)] = {
        stats: { count: Math.floor(next() * 101), avg: Math.round(next() * 50) / 10 },
        meta: {
          tag: `${TAGS[Math.floor(next() * 4)]}${Math.floor(next() * 4)}`,
          tier: 1 + Math.floor(next() * 5),
        },
        flags: { on: next() < 0.5 },
      } satisfies M;
    }
    return facts;
  });
}

/** The ten templates by hand: a closure per rule over the two facts it reads (names fixed per rule). */
function handRule(r: number): (f: Facts) => boolean {
  const { i, j, k } = slots(r);
  const fi = fact(i);
  const fj = fact(j);
  switch (r % TEMPLATES) {
    case 0:
      return (f) => {
        const a = f[fi] as M;
        return a.stats.count > 80 + (k % 10) && a.meta.tag.startsWith('al');
      };
    case 1:
      return (f) => {
        const avg = (f[fi] as M).stats.avg;
        return (avg >= 4.6 && avg <= 5) || (f[fj] as M).meta.tier === 5;
      };
    case 2: {
      const d = 7 + (k % 5);
      return (f) => {
        const a = f[fi] as M;
        return a.flags.on === true && (f[fj] as M).stats.count % d === 0 && a.meta.tier >= 3;
      };
    }
    case 3:
      return (f) => {
        const tag = (f[fi] as M).meta.tag;
        return (tag === 'beta1' || tag === 'gamma2') && (f[fj] as M).flags.on !== true;
      };
    case 4:
      return (f) => (f[fi] as M).stats.count < 3 + (k % 4) || (f[fj] as M).stats.avg > 4.9;
    case 5:
      return (f) => {
        if ((f[fj] as M).meta.tier !== 1 + (k % 5)) return false;
        const a = f[fi] as M;
        return a.meta.tag.startsWith('de') || a.stats.count > 95;
      };
    case 6:
      return (f) => (f[fi] as M).stats.avg <= 0.3 && (f[fj] as M).meta.tag !== 'alpha0';
    case 7: {
      const hi = 42 + (k % 3);
      return (f) => {
        const c = (f[fi] as M).stats.count;
        return c >= 40 && c <= hi && (f[fj] as M).flags.on !== false;
      };
    }
    case 8:
      return (f) => {
        const a = f[fi] as M;
        return (a.meta.tier === 5 && (f[fj] as M).meta.tier === 5) || a.stats.count === 50 + k;
      };
    default:
      return (f) => {
        const a = f[fi] as M;
        return (f[fj] as M).stats.count >= 60 && a.meta.tag.startsWith('gamma3') && a.flags.on === true;
      };
  }
}

/** Every rule in one function: the 30 facts read once into locals, each rule's template inlined. */
function fusedFor(count: number): (f: Facts, out: boolean[]) => void {
  const plan = Array.from({ length: count }, (_, r) => slots(r));
  const names = Array.from({ length: FACT_COUNT }, (_, i) => fact(i));
  const m: M[] = new Array(FACT_COUNT);
  return (f, out) => {
    for (let i = 0; i < FACT_COUNT; i++) m[i] = f[names[i] as string] as M;
    for (let r = 0; r < count; r++) {
      const { i, j, k } = plan[r] as { i: number; j: number; k: number };
      const a = m[i] as M;
      const b = m[j] as M;
      let v: boolean;
      switch (r % TEMPLATES) {
        case 0:
          v = a.stats.count > 80 + (k % 10) && a.meta.tag.startsWith('al');
          break;
        case 1:
          v = (a.stats.avg >= 4.6 && a.stats.avg <= 5) || b.meta.tier === 5;
          break;
        case 2:
          v = a.flags.on === true && b.stats.count % (7 + (k % 5)) === 0 && a.meta.tier >= 3;
          break;
        case 3:
          v = (a.meta.tag === 'beta1' || a.meta.tag === 'gamma2') && b.flags.on !== true;
          break;
        case 4:
          v = a.stats.count < 3 + (k % 4) || b.stats.avg > 4.9;
          break;
        case 5:
          v = b.meta.tier === 1 + (k % 5) && (a.meta.tag.startsWith('de') || a.stats.count > 95);
          break;
        case 6:
          v = a.stats.avg <= 0.3 && b.meta.tag !== 'alpha0';
          break;
        case 7:
          v = a.stats.count >= 40 && a.stats.count <= 42 + (k % 3) && b.flags.on !== false;
          break;
        case 8:
          v = (a.meta.tier === 5 && b.meta.tier === 5) || a.stats.count === 50 + k;
          break;
        default:
          v = b.stats.count >= 60 && a.meta.tag.startsWith('gamma3') && a.flags.on === true;
      }
      out[r] = v;
    }
  };
}

export function pathsCustomShape(eventCount: number, count = 200): ConditionShape {
  const policy: PolicyDocument = {
    version: 1,
    name: 'shape-paths-custom',
    rules: Array.from({ length: count }, (_, r) => shapeRule(`p${r}`, condition(r))),
  };
  return {
    name: `paths into nested facts + custom operators (${count} rules, ${FACT_COUNT} facts)`,
    plugin: {
      name: 'm',
      facts: Array.from({ length: FACT_COUNT }, (_, i) => fact(i)),
      operators: customOperators,
    },
    policy,
    events: events(eventCount),
    closures: policy.rules.map((_, r) => handRule(r)),
    fused: fusedFor(count),
  };
}
