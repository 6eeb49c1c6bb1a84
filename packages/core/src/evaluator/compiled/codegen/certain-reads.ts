import type { TopLevelCondition } from '../../../policy/types';
import type { CompileContext } from '../compiled-node';
import { booleanKind, has, isFactValue, isObj, type Node, prioritySets } from '../condition-shape';

/** A fact read: the fact, its params (`undefined` for none) and the leaf's path (`undefined` for none). */
export interface FactRead {
  fact: string;
  params: unknown;
  path: unknown;
}

/**
 * The facts json-rules-engine reads whenever it evaluates this rule, whatever the values: those of the
 * first priority set of its top-level list, and recursively of the first set of every list in it (a
 * later set runs only when the earlier ones have not decided). Reading them first, once per evaluation,
 * reads nothing it would not. A malformed condition gives what was found before the fault.
 */
export function certainReads(condition: TopLevelCondition, ctx: CompileContext): FactRead[] {
  const out: FactRead[] = [];
  const inlining = new Set<string>();
  const read = (fact: unknown, params: unknown, path: unknown) => {
    if (typeof fact === 'string' && ctx.facts.has(fact)) out.push({ fact, params, path });
  };
  const visit = (node: unknown): void => {
    if (!isObj(node)) return;
    if (has(node, 'condition')) {
      const name = String(node.condition);
      if (!has(ctx.named, name) || inlining.has(name)) return;
      inlining.add(name);
      visit(ctx.named[name]);
      inlining.delete(name);
      return;
    }
    const kind = booleanKind(node);
    if (kind === 'not') {
      visit(node.not);
      return;
    }
    if (kind) {
      const children = node[kind];
      if (!Array.isArray(children) || children.length === 0) return;
      const first = children.length === 1 ? [0] : (prioritySets(children as Node[])[0] ?? []);
      for (const i of first) visit(children[i]);
      return;
    }
    // the operator must exist for json-rules-engine to read anything
    if (typeof node.operator !== 'string' || !ctx.operator(node.operator)) return;
    if (isFactValue(node.value)) read(node.value.fact, node.value.params, node.value.path);
    read(node.fact, node.params, node.path);
  };
  const top = condition as unknown as Node;
  // json-rules-engine's `Rule.evaluate`: `any`, `all`, `not` by truthiness, otherwise a reference
  const kind = (['any', 'all'] as const).find((k) => top[k]);
  try {
    if (kind) visit({ [kind]: top[kind] });
    else if (top.not) visit(top.not);
    else visit(top);
  } catch {
    // a malformed condition: the reads found so far stand
  }
  return out;
}
