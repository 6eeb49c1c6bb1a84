import { BUILT_IN, builtInTest, DECORATORS, type OperatorDecorator } from '../../policy/operator-table';
import type { OperatorFunction } from '../types';

/** An operator as json-rules-engine evaluates it: `validator(factValue) && callback(factValue, jsonValue)`. */
export type CompiledOperator = (factValue: unknown, jsonValue: unknown) => unknown;

function decorate(decorator: OperatorDecorator, next: CompiledOperator): CompiledOperator {
  const { apply, validator } = decorator;
  if (!validator) return (a, b) => apply(a, b, next);
  const valid = validator.test;
  return (a, b) => valid(a) && apply(a, b, next);
}

/**
 * The operator table json-rules-engine would build: built-ins (from `policy/operator-table.ts`), then
 * plugin operators (which replace a built-in of the same name, as `engine.addOperator` does), and
 * `decorator:…:operator` names resolved like json-rules-engine's `OperatorMap.get` (a full name that is
 * a registered operator wins).
 */
export function createOperatorTable(custom: Readonly<Record<string, OperatorFunction>>) {
  const operators = new Map<string, CompiledOperator>();
  for (const [name, operator] of Object.entries(BUILT_IN)) operators.set(name, builtInTest(operator));
  for (const name of Object.keys(custom)) {
    const fn = custom[name];
    if (typeof fn === 'function') operators.set(name, fn as CompiledOperator);
  }
  return {
    /** The operator for a (possibly decorated) name, or `undefined` when json-rules-engine has none. */
    get(name: string): CompiledOperator | undefined {
      const decorators: OperatorDecorator[] = [];
      let opName = name;
      while (!operators.has(opName)) {
        const i = opName.indexOf(':');
        if (i <= 0) return undefined;
        const decorator = opName.slice(0, i);
        if (!Object.hasOwn(DECORATORS, decorator)) return undefined;
        decorators.unshift(DECORATORS[decorator] as OperatorDecorator);
        opName = opName.slice(i + 1);
      }
      let op = operators.get(opName) as CompiledOperator;
      for (const decorator of decorators) op = decorate(decorator, op);
      return op;
    },
  };
}
