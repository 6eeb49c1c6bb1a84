import type { NestedCondition, TopLevelCondition } from '../policy/types';
import type { ConditionTrace } from './types';

type Node = Record<string, unknown>;
const isObj = (v: unknown): v is Node => typeof v === 'object' && v !== null;

/**
 * Turns json-rules-engine's evaluated condition tree into a `ConditionTrace`, walking the rule's
 * original conditions alongside so that references keep their names. Conditions json-rules-engine
 * skipped (short-circuit) get `result: false` and `factValue: undefined`, with `skipped` in the fact node.
 */
export function toConditionTrace(
  original: NestedCondition | TopLevelCondition,
  evaluated: Node | undefined,
  named: Readonly<Record<string, TopLevelCondition>>,
): ConditionTrace {
  const o = original as unknown as Node;
  if (typeof o.condition === 'string') {
    const name = o.condition;
    const target = named[name];
    const child = target ? toConditionTrace(target, evaluated, named) : undefined;
    return { kind: 'ref', name, result: child?.result ?? false, child };
  }
  for (const kind of ['all', 'any'] as const) {
    if (Array.isArray(o[kind])) {
      const list = o[kind] as NestedCondition[];
      const evalList = isObj(evaluated) && Array.isArray(evaluated[kind]) ? (evaluated[kind] as Node[]) : [];
      const children = list.map((c, i) => toConditionTrace(c, evalList[i], named));
      const result =
        isObj(evaluated) && typeof evaluated.result === 'boolean'
          ? evaluated.result
          : kind === 'all'
            ? children.every((c) => c.result)
            : children.some((c) => c.result);
      return { kind, result, children };
    }
  }
  if (isObj(o.not)) {
    const child = toConditionTrace(
      o.not as unknown as NestedCondition,
      isObj(evaluated) ? (evaluated.not as Node) : undefined,
      named,
    );
    const result =
      isObj(evaluated) && typeof evaluated.result === 'boolean' ? evaluated.result : !child.result;
    return { kind: 'not', result, child };
  }
  const fact: ConditionTrace = {
    kind: 'fact',
    fact: String(o.fact),
    operator: String(o.operator),
    value: isObj(evaluated) && 'valueResult' in evaluated ? evaluated.valueResult : o.value,
    factValue: isObj(evaluated) ? evaluated.factResult : undefined,
    result: isObj(evaluated) && evaluated.result === true,
  };
  if (typeof o.path === 'string') fact.path = o.path;
  if (isObj(o.params)) fact.params = o.params as Record<string, unknown>;
  return fact;
}
