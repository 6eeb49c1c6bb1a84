import type { ConditionTrace } from '../types';
import type { CompileContext, CompiledNode } from './compiled-node';
import { isFactValue, isObj, type Node } from './condition-shape';
import { createFactReader, type FactReader } from './fact-reader';

/** Compiles a fact condition (json-rules-engine's `Condition.evaluate`: value first, then the fact). */
export function compileLeaf(node: Node, ctx: CompileContext): CompiledNode {
  const operatorName = node.operator as string;
  const op = ctx.operator(operatorName);
  const value = node.value;
  const lhs = createFactReader(node.fact, node.params, node.path, ctx);
  const rhs: FactReader = isFactValue(value)
    ? createFactReader(value.fact, value.params, value.path, ctx)
    : () => value;
  const check = () => {
    if (!op) throw new Error(`Unknown operator: ${operatorName}`);
    return op;
  };
  return {
    original: node,
    run: !op
      ? check
      : isFactValue(value)
        ? (f) => {
            const right = rhs(f);
            return op(lhs(f), right);
          }
        : (f) => op(lhs(f), value),
    traced(f) {
      const operator = check();
      const right = rhs(f);
      const left = lhs(f);
      const raw = operator(left, right);
      const trace: ConditionTrace = {
        kind: 'fact',
        fact: String(node.fact),
        operator: String(node.operator),
        value: right,
        factValue: left,
        result: raw === true,
      };
      if (typeof node.path === 'string') trace.path = node.path;
      if (isObj(node.params)) trace.params = node.params;
      return { raw, trace };
    },
  };
}
