import { didYouMean } from './did-you-mean';
import { BUILT_IN, DECORATORS } from './operator-table';

/** json-rules-engine 7.3 built-in operators (see `operator-table.ts`). */
export const BUILT_IN_OPERATORS: readonly string[] = Object.freeze(Object.keys(BUILT_IN));

/** json-rules-engine 7.3 built-in operator decorators, written `decorator:operator`. */
export const OPERATOR_DECORATORS: readonly string[] = Object.freeze(Object.keys(DECORATORS));

export type OperatorCheck =
  | { ok: true }
  | { ok: false; kind: 'operator' | 'decorator'; name: string; suggestion?: string };

/**
 * Checks an operator string the way json-rules-engine resolves it: while the name is not a known
 * operator, a leading `decorator:` is peeled off (the decorator must exist); what remains must be
 * an operator.
 */
export function checkOperator(
  operator: string,
  operators: ReadonlySet<string>,
  decorators: ReadonlySet<string> = new Set(OPERATOR_DECORATORS),
): OperatorCheck {
  let name = operator;
  while (!operators.has(name)) {
    const colon = name.indexOf(':');
    if (colon <= 0) return { ok: false, kind: 'operator', name, suggestion: didYouMean(name, operators) };
    const decorator = name.slice(0, colon);
    if (!decorators.has(decorator)) {
      return { ok: false, kind: 'decorator', name: decorator, suggestion: didYouMean(decorator, decorators) };
    }
    name = name.slice(colon + 1);
  }
  return { ok: true };
}
