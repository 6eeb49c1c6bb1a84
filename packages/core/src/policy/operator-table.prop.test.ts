import fc from 'fast-check';
import { Engine } from 'json-rules-engine';
import { describe, expect, it } from 'vitest';
import { createOperatorTable } from '../evaluator/compiled/operators';
import { BUILT_IN, builtInTest, DECORATORS, INLINE_HELPERS, inlineTest } from './operator-table';

type Evaluate = { evaluate(a: unknown, b: unknown): unknown };
const jreOperators = (new Engine() as unknown as { operators: { get(name: string): Evaluate | null } })
  .operators;

const scalar = fc.oneof(
  fc.constantFrom(
    0,
    1,
    -2,
    3.5,
    Number.NaN,
    Infinity,
    '5',
    '5.0',
    '',
    'x',
    ' 7',
    '1e3',
    'NaN',
    null,
    true,
    false,
  ),
  fc.constant(undefined),
  fc.integer({ min: -3, max: 10 }),
);
const value = fc.oneof(scalar, fc.array(scalar, { maxLength: 4 }), fc.constant({}));

function settle(fn: () => unknown): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: fn() };
  } catch {
    return { ok: false };
  }
}

// The inline forms are the code generator's own text (no rule data), evaluated here to check them.
const inlined = (name: string) =>
  new Function('a', 'b', 'isArray', 'num', `return ${inlineTest(BUILT_IN[name]!, 'b')};`) as (
    ...args: unknown[]
  ) => unknown;

describe('the operator table', () => {
  const names = Object.keys(BUILT_IN);

  it('lists exactly json-rules-engine 7.3’s built-in operators and decorators', () => {
    for (const name of names) expect(jreOperators.get(name)).not.toBeNull();
    for (const decorator of Object.keys(DECORATORS))
      expect(jreOperators.get(`${decorator}:equal`)).not.toBeNull();
    expect(names).toHaveLength(10);
  });

  it('each operator: function, inline form and json-rules-engine agree (decorated too)', () => {
    const table = createOperatorTable({});
    fc.assert(
      fc.property(
        fc.constantFrom(...names),
        fc.array(fc.constantFrom(...Object.keys(DECORATORS)), { maxLength: 2 }),
        value,
        value,
        (name, decorators, a, b) => {
          const full = [...decorators, name].join(':');
          const expected = settle(() => (jreOperators.get(full) as Evaluate).evaluate(a, b));
          expect(settle(() => table.get(full)?.(a, b))).toEqual(expected);
          if (decorators.length > 0) return;
          expect(settle(() => builtInTest(BUILT_IN[name]!)(a, b))).toEqual(expected);
          expect(settle(() => inlined(name)(a, b, INLINE_HELPERS.isArray, INLINE_HELPERS.num))).toEqual(
            expected,
          );
        },
      ),
      { numRuns: 3000 },
    );
  });
});
