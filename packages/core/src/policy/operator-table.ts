/**
 * The one table of json-rules-engine 7.3's built-in operators and decorators. Each is defined here once:
 * its fact-value validator, its comparison, and the same test as the expression the code generator
 * inlines. Policy validation takes the names from here, the interpreted evaluator the functions, the
 * code generator the inline forms (`operator-table.prop.test.ts` checks the three against
 * json-rules-engine's own operators).
 */

/** json-rules-engine's `numberValidator` (`parseFloat(v).toString() !== 'NaN'`); for a number only NaN fails. */
const isNumeric = (v: unknown): boolean => (typeof v === 'number' ? !Number.isNaN(v) : numericText(v));
/** `numberValidator` for a value that is not a number; `null`, `undefined` and booleans parse as NaN. */
const numericText = (v: unknown): boolean =>
  v !== null &&
  v !== undefined &&
  typeof v !== 'boolean' &&
  Number.parseFloat(v as string).toString() !== 'NaN';
const indexOf = (list: unknown, item: unknown): number =>
  (list as { indexOf(x: unknown): number }).indexOf(item);

/** A fact-value validator: the function, and the same test as an expression over `a`. */
interface Validator {
  readonly test: (factValue: unknown) => boolean;
  readonly inline: string;
}

/** Whether converting `v` to a primitive may run code (an object, a function) or fail (a symbol). */
const objectish = (v: unknown): boolean =>
  v !== null && (typeof v === 'object' || typeof v === 'function' || typeof v === 'symbol');

/** The functions inline forms may call, by these names (a generated program receives them). */
export const INLINE_HELPERS = { isArray: Array.isArray, num: numericText, obj: objectish } as const;

const NUMBER: Validator = { test: isNumeric, inline: '(typeof a === "number" ? a === a : num(a))' };
const ARRAY: Validator = { test: Array.isArray, inline: 'isArray(a)' };

/**
 * What evaluating a built-in operator against a literal `b` can throw on: `nothing` (whatever the fact
 * value), `objects` (only when the fact value is an object, a function or a symbol: converting it to a
 * number or string may fail), or `anything` (e.g. `in` with a value that is not a list). The code
 * generator may skip a comparison whose result no longer matters only when skipping it changes nothing.
 */
export type ThrowsOn = 'nothing' | 'objects' | 'anything';

/** A built-in operator: `validator(a) && compare(a, b)`, `a` the fact value, `b` the condition's value. */
export interface BuiltInOperator {
  readonly validator?: Validator;
  readonly compare: (a: unknown, b: unknown) => boolean;
  /** `compare` as an expression over `a` and the expression `b`. */
  readonly inline: (b: string) => string;
  /** What the whole test may throw on, for the literal value `b`. */
  readonly throwsOn: (b: unknown) => ThrowsOn;
}

const isPrimitive = (v: unknown) => v === null || (typeof v !== 'object' && typeof v !== 'function');
const NEVER = (): ThrowsOn => 'nothing';
// `b.indexOf(a)` on a list compares strictly; on a string it converts `a`; anything else has no indexOf
const LIST = (b: unknown): ThrowsOn => (Array.isArray(b) ? 'nothing' : 'anything');
// `parseFloat(a)` and `a < b` convert; for primitives (and a primitive `b`) that cannot fail
const NUMERIC = (b: unknown): ThrowsOn => (isPrimitive(b) && typeof b !== 'symbol' ? 'objects' : 'anything');

export const BUILT_IN: Readonly<Record<string, BuiltInOperator>> = Object.freeze({
  equal: { compare: (a, b) => a === b, inline: (b) => `a === ${b}`, throwsOn: NEVER },
  notEqual: { compare: (a, b) => a !== b, inline: (b) => `a !== ${b}`, throwsOn: NEVER },
  lessThan: {
    validator: NUMBER,
    compare: (a, b) => (a as number) < (b as number),
    inline: (b) => `a < ${b}`,
    throwsOn: NUMERIC,
  },
  lessThanInclusive: {
    validator: NUMBER,
    compare: (a, b) => (a as number) <= (b as number),
    inline: (b) => `a <= ${b}`,
    throwsOn: NUMERIC,
  },
  greaterThan: {
    validator: NUMBER,
    compare: (a, b) => (a as number) > (b as number),
    inline: (b) => `a > ${b}`,
    throwsOn: NUMERIC,
  },
  greaterThanInclusive: {
    validator: NUMBER,
    compare: (a, b) => (a as number) >= (b as number),
    inline: (b) => `a >= ${b}`,
    throwsOn: NUMERIC,
  },
  in: { compare: (a, b) => indexOf(b, a) > -1, inline: (b) => `${b}.indexOf(a) > -1`, throwsOn: LIST },
  notIn: { compare: (a, b) => indexOf(b, a) === -1, inline: (b) => `${b}.indexOf(a) === -1`, throwsOn: LIST },
  contains: {
    validator: ARRAY,
    compare: (a, b) => indexOf(a, b) > -1,
    inline: (b) => `a.indexOf(${b}) > -1`,
    throwsOn: NEVER,
  },
  doesNotContain: {
    validator: ARRAY,
    compare: (a, b) => indexOf(a, b) === -1,
    inline: (b) => `a.indexOf(${b}) === -1`,
    throwsOn: NEVER,
  },
});

/** The whole test of a built-in operator, as json-rules-engine's `Operator.evaluate` runs it. */
export function builtInTest(operator: BuiltInOperator): (a: unknown, b: unknown) => boolean {
  const { validator, compare } = operator;
  if (!validator) return compare;
  const valid = validator.test;
  return (a, b) => valid(a) && compare(a, b);
}

/** The whole test of a built-in operator as one expression over `a` and the expression `b`. */
export function inlineTest(operator: BuiltInOperator, b: string): string {
  const compare = operator.inline(b);
  return operator.validator ? `${operator.validator.inline} && ${compare}` : compare;
}

/** A decorator (`someFact:…`): an optional fact-value validator and how it calls the operator it wraps. */
export interface OperatorDecorator {
  readonly validator?: Validator;
  readonly apply: (a: unknown, b: unknown, next: (a: unknown, b: unknown) => unknown) => unknown;
}

export const DECORATORS: Readonly<Record<string, OperatorDecorator>> = Object.freeze({
  everyFact: { validator: ARRAY, apply: (a, b, next) => (a as unknown[]).every((x) => next(x, b)) },
  someFact: { validator: ARRAY, apply: (a, b, next) => (a as unknown[]).some((x) => next(x, b)) },
  everyValue: { apply: (a, b, next) => (b as unknown[]).every((y) => next(a, y)) },
  someValue: { apply: (a, b, next) => (b as unknown[]).some((y) => next(a, y)) },
  swap: { apply: (a, b, next) => next(b, a) },
  not: { apply: (a, b, next) => !next(a, b) },
});
