import fc from 'fast-check';
import { JSONPath } from 'jsonpath-plus';
import { definePlugin } from '../../plugin/define-plugin';
import { createRegistry } from '../../plugin/registry';
import { loadPolicy } from '../../policy/load';
import { resolvePath } from '../../policy/path';
import type { NormalizedRule, PolicyDocument, TopLevelCondition } from '../../policy/types';
import { jsonRulesEngineEvaluator } from '../json-rules-engine';
import type { EvaluatorInput, FactResolver, OperatorFunction, PreparedRules } from '../types';
import { compiledEvaluator } from './compiled-evaluator';

/**
 * Test support: random policies and facts, and a side-by-side run of the evaluators. Facts belong to a
 * test plugin `d` (so that generated policies load); `d.byParam` gives its `k` param back.
 */
export const FACT_NAMES = ['d.a', 'd.b', 'd.n', 'd.list', 'd.obj', 'd.byParam'] as const;
/** A fact the plugin declares but no value is ever given for. */
export const UNKNOWN_FACT = 'd.unknown';
const BY_PARAM = 'd.byParam';
/** Facts the hand-written tests name (given to `inputFor`'s evaluators besides the plugin's). */
const PLAIN_FACT_NAMES = ['a', 'b', 'n', 'list', 'obj'];
export const OPERATORS = [
  'equal',
  'notEqual',
  'in',
  'notIn',
  'contains',
  'doesNotContain',
  'lessThan',
  'lessThanInclusive',
  'greaterThan',
  'greaterThanInclusive',
  'startsWith',
  'truthyish',
];
export const DECORATORS = ['someFact', 'someValue', 'everyFact', 'everyValue', 'swap', 'not'];

export const customOperators: Record<string, OperatorFunction> = {
  startsWith: (a, b) => typeof a === 'string' && typeof b === 'string' && a.startsWith(b),
  // returns non-booleans on purpose: json-rules-engine treats them differently by position
  truthyish: ((a: unknown) => (typeof a === 'number' ? a : a === null ? 'yes' : false)) as OperatorFunction,
};

export const scalar = fc.oneof(
  fc.constantFrom(0, 1, 5, -2, 3.5, '5', '5.0', '', 'x', 'abc', null, true, false, '1e3', ' 7'),
  fc.integer({ min: -3, max: 10 }),
);
export const value: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: scalar },
  { weight: 2, arbitrary: fc.array(scalar, { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.constantFrom('k', 'v', 'x'), scalar, { maxKeys: 3 }) },
  { weight: 1, arbitrary: fc.constant(undefined) },
);
export const factValues = fc.record(
  {
    'd.a': value,
    'd.b': value,
    'd.n': value,
    'd.list': fc.array(scalar, { maxLength: 4 }),
    'd.obj': fc.record(
      {
        k: value,
        deep: fc.oneof(fc.record({ v: value, w: fc.record({ x: value }) }), value),
        arr: fc.array(scalar, { maxLength: 3 }),
        rows: fc.array(fc.record({ v: value, kind: fc.constantFrom('a', 'b') }, { requiredKeys: [] }), {
          maxLength: 3,
        }),
      },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: [] },
);

const operatorName = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...OPERATORS) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.array(fc.constantFrom(...DECORATORS), { minLength: 1, maxLength: 2 }),
        fc.constantFrom(...OPERATORS),
      )
      .map(([d, o]) => [...d, o].join(':')),
  },
);
// shared prefixes on purpose: generated code walks each prefix once per evaluation; and the JSONPath
// forms json-rules-engine's users write (wildcards, both index forms, bracketed keys, slices, recursive
// descent, unions, `$.[0]`), which resolve to lists or to one value exactly as jsonpath-plus has them
const path = fc.constantFrom(
  '$.k',
  '$.deep.v',
  '$.deep',
  '$.deep.w.x',
  '$.arr[0]',
  '$.arr.1',
  'k',
  '$',
  "$['k']",
  "$['deep'].v",
  '$.missing.x',
  '$.k.length',
  '$.k[0]',
  '$.arr[*]',
  '$.rows[*].kind',
  '$.rows.*.v',
  '$..v',
  '$..x',
  '$.rows[-1:].kind',
  '$.arr[-2:]',
  '$.arr[0,2]',
  '$.rows[0:2].v',
  '$.[0].kind',
  "$.deep.['w'].x",
  '$.*',
);
const priority = fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined });

const fact = fc
  .record(
    {
      fact: fc.constantFrom(...FACT_NAMES, UNKNOWN_FACT),
      operator: operatorName,
      value: fc.oneof(
        { weight: 5, arbitrary: value.map((v) => (v === undefined ? null : v)) },
        {
          weight: 1,
          arbitrary: fc.record(
            { fact: fc.constantFrom(...FACT_NAMES), path, params: fc.constant({ k: 1 }) },
            { requiredKeys: ['fact'] },
          ),
        },
      ),
      path,
      params: fc.constantFrom({ k: 'x' }, { k: 2 }, {}),
      priority,
    },
    { requiredKeys: ['fact', 'operator', 'value'] },
  )
  .map((c) => c as Record<string, unknown>);

export const REF_NAMES = ['isA', 'isB'] as const;

export const nested: fc.Arbitrary<Record<string, unknown>> = fc.letrec<{ node: Record<string, unknown> }>(
  (tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      { weight: 6, arbitrary: fact },
      {
        weight: 1,
        arbitrary: fc.record(
          { condition: fc.constantFrom(...REF_NAMES), priority },
          { requiredKeys: ['condition'] },
        ),
      },
      {
        weight: 1,
        arbitrary: fc.record(
          { all: fc.array(tie('node'), { maxLength: 4 }), priority },
          { requiredKeys: ['all'] },
        ),
      },
      {
        weight: 1,
        arbitrary: fc.record(
          { any: fc.array(tie('node'), { maxLength: 4 }), priority },
          { requiredKeys: ['any'] },
        ),
      },
      { weight: 1, arbitrary: fc.record({ not: tie('node') }) },
    ),
  }),
).node;

/** A top-level condition: all/any/not at the root, children nested freely. */
export const topLevel: fc.Arbitrary<TopLevelCondition> = fc.oneof(
  fc.record({ all: fc.array(nested, { maxLength: 5 }) }),
  fc.record({ any: fc.array(nested, { maxLength: 5 }) }),
  fc.record({ not: nested }),
  fc.record({ condition: fc.constantFrom(...REF_NAMES) }),
) as fc.Arbitrary<TopLevelCondition>;

/** Named conditions may not refer to themselves (a policy loader rejects cycles). */
export const namedConditions = fc.record({
  isA: fc.record({ all: fc.array(fact, { maxLength: 3 }) }),
  isB: fc.record({ any: fc.array(fc.oneof(fact, fc.constant({ condition: 'isA' })), { maxLength: 3 }) }),
}) as unknown as fc.Arbitrary<Record<string, TopLevelCondition>>;

export function toRules(conditions: TopLevelCondition[]): NormalizedRule[] {
  return conditions.map((c, i) => ({
    id: `r${i}`,
    stage: 'need',
    on: null,
    conditions: c,
    effects: [],
    priority: 1,
    enabled: true,
    order: i,
    source: { file: 'test.json', pointer: `/rules/${i}` },
  })) as unknown as NormalizedRule[];
}

export function resolverOver(values: Record<string, unknown>): FactResolver {
  return {
    value(id, params) {
      if (id === BY_PARAM) return (params as { k?: unknown } | undefined)?.k;
      return Object.hasOwn(values, id) ? values[id] : undefined;
    },
  };
}

export function inputFor(
  rules: readonly NormalizedRule[],
  conditions: Record<string, TopLevelCondition>,
  extra: Partial<EvaluatorInput> = {},
): EvaluatorInput {
  return {
    rules,
    conditions,
    operators: customOperators,
    facts: new Set<string>([...FACT_NAMES, ...PLAIN_FACT_NAMES]),
    resolvePath,
    ...extra,
  };
}

/** json-rules-engine 7.3's own default path resolver (the judge; only ever given paths without scripts). */
export const jsonPathResolver = (value: unknown, path: string): unknown =>
  JSONPath({ path, json: value as object, wrap: false });

const diffPlugin = definePlugin({
  name: 'd',
  version: '1.0.0',
  facts: Object.fromEntries([...FACT_NAMES, UNKNOWN_FACT].map((name) => [name, { value: () => undefined }])),
  operators: customOperators,
});
const diffRegistry = createRegistry([diffPlugin]);

/**
 * The generated rules and named conditions as a policy loads them: validated by the loader and deeply
 * frozen (json-rules-engine must not be handed them as they are: it rewrites priorities in place).
 */
export function loaded(
  conditions: TopLevelCondition[],
  named: Record<string, TopLevelCondition>,
): { rules: NormalizedRule[]; conditions: Record<string, TopLevelCondition> } {
  const document = {
    version: 1,
    name: 'differential',
    conditions: named,
    rules: conditions.map((c, i) => ({ id: `r${i}`, stage: 'need', conditions: c, effects: [] })),
  } as unknown as PolicyDocument;
  const policy = loadPolicy(document, { registry: diffRegistry });
  return {
    rules: policy.rules as NormalizedRule[],
    conditions: policy.conditions as Record<string, TopLevelCondition>,
  };
}

/** A deep, unfrozen copy that keeps each object's prototype (null-prototype values stay so). */
export function copy<T>(value: T): T {
  if (Array.isArray(value)) return value.map(copy) as T;
  if (typeof value !== 'object' || value === null) return value;
  const out = Object.create(Object.getPrototypeOf(value)) as Record<string, unknown>;
  for (const [key, child] of Object.entries(value)) {
    Object.defineProperty(out, key, {
      value: copy(child),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out as T;
}

/**
 * The judge and the two evaluators under test: json-rules-engine as it is (its default jsonpath-plus
 * resolver, plain unfrozen copies of the conditions) against engageloop's json-rules-engine evaluator
 * and compiled evaluator on the (frozen) input, with engageloop's path resolver.
 */
export function prepareBoth(input: EvaluatorInput): {
  jre: PreparedRules;
  ours: PreparedRules;
  compiled: PreparedRules;
} {
  const plain: EvaluatorInput = {
    ...input,
    rules: copy(input.rules) as NormalizedRule[],
    conditions: copy(input.conditions),
    resolvePath: jsonPathResolver,
  };
  return {
    jre: jsonRulesEngineEvaluator().prepare(plain),
    ours: jsonRulesEngineEvaluator().prepare(input),
    compiled: compiledEvaluator().prepare(input),
  };
}

/** Runs a thunk and captures either its value or the fact that it threw. */
export async function settle<T>(fn: () => Promise<T> | T): Promise<{ ok: true; value: T } | { ok: false }> {
  try {
    return { ok: true, value: await fn() };
  } catch {
    return { ok: false };
  }
}

/** The generated policy loaded (validated, frozen), with every fact its registry knows. */
export function loadedInput(conditions: TopLevelCondition[], named: Record<string, TopLevelCondition>) {
  const policy = loaded(conditions, named);
  const input = inputFor(policy.rules, policy.conditions, { facts: new Set([...FACT_NAMES, UNKNOWN_FACT]) });
  return { rules: policy.rules, ...prepareBoth(input) };
}
