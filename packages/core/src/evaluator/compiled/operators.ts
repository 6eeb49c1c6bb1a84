import type { OperatorFunction } from '../../plugin/types';

/** An operator as json-rules-engine evaluates it: `validator(factValue) && callback(factValue, jsonValue)`. */
export type CompiledOperator = (factValue: unknown, jsonValue: unknown) => unknown;

type Callback = (a: unknown, b: unknown) => unknown;
type DecoratorCallback = (a: unknown, b: unknown, next: CompiledOperator) => unknown;
type Validator = (factValue: unknown) => boolean;

// Exactly json-rules-engine 7.3's numberValidator (engine-default-operators.js).
// For a number, `parseFloat(String(n))` is `n` again, so only NaN fails: the fast path is exact.
const numberValidator: Validator = (factValue) =>
  typeof factValue === 'number'
    ? !Number.isNaN(factValue)
    : Number.parseFloat(factValue as string).toString() !== 'NaN';
const isArray: Validator = (v) => Array.isArray(v);

const idx = (list: unknown, item: unknown) => (list as { indexOf(x: unknown): number }).indexOf(item);

const BUILT_IN: ReadonlyArray<[string, Callback, Validator?]> = [
  ['equal', (a, b) => a === b],
  ['notEqual', (a, b) => a !== b],
  ['in', (a, b) => idx(b, a) > -1],
  ['notIn', (a, b) => idx(b, a) === -1],
  ['contains', (a, b) => idx(a, b) > -1, isArray],
  ['doesNotContain', (a, b) => idx(a, b) === -1, isArray],
  ['lessThan', (a, b) => (a as number) < (b as number), numberValidator],
  ['lessThanInclusive', (a, b) => (a as number) <= (b as number), numberValidator],
  ['greaterThan', (a, b) => (a as number) > (b as number), numberValidator],
  ['greaterThanInclusive', (a, b) => (a as number) >= (b as number), numberValidator],
];

const DECORATORS = new Map<string, [DecoratorCallback, Validator?]>([
  ['someFact', [(f, j, next) => (f as unknown[]).some((fv) => next(fv, j)), isArray]],
  ['someValue', [(f, j, next) => (j as unknown[]).some((jv) => next(f, jv))]],
  ['everyFact', [(f, j, next) => (f as unknown[]).every((fv) => next(fv, j)), isArray]],
  ['everyValue', [(f, j, next) => (j as unknown[]).every((jv) => next(f, jv))]],
  ['swap', [(f, j, next) => next(j, f)]],
  ['not', [(f, j, next) => !next(f, j)]],
]);

function withValidator(cb: Callback, validator?: Validator): CompiledOperator {
  return validator ? (a, b) => validator(a) && cb(a, b) : cb;
}

/**
 * The operator table json-rules-engine would build: built-ins, then plugin operators (which replace a
 * built-in of the same name, as `engine.addOperator` does), and `decorator:…:operator` names resolved
 * like json-rules-engine's `OperatorMap.get` (a full name that is a registered operator wins).
 */
export function createOperatorTable(custom: Readonly<Record<string, OperatorFunction>>) {
  const operators = new Map<string, CompiledOperator>();
  for (const [name, cb, validator] of BUILT_IN) operators.set(name, withValidator(cb, validator));
  for (const name of Object.keys(custom)) {
    const fn = custom[name];
    if (typeof fn === 'function') operators.set(name, fn as Callback);
  }
  return {
    /** The operator for a (possibly decorated) name, or `undefined` when json-rules-engine has none. */
    get(name: string): CompiledOperator | undefined {
      const decorators: Array<[DecoratorCallback, Validator?]> = [];
      let opName = name;
      while (!operators.has(opName)) {
        const i = opName.indexOf(':');
        if (i <= 0) return undefined;
        const decorator = DECORATORS.get(opName.slice(0, i));
        if (!decorator) return undefined;
        decorators.unshift(decorator);
        opName = opName.slice(i + 1);
      }
      let op = operators.get(opName) as CompiledOperator;
      for (const [cb, validator] of decorators) {
        const next = op;
        op = withValidator((f, j) => cb(f, j, next), validator);
      }
      return op;
    },
  };
}
