import type { TopLevelCondition } from '../policy/types';

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A copy of a condition tree that json-rules-engine may change: its `Condition` constructor rewrites a
 * fact condition's `priority` in place (`properties.priority = parseInt(…)`), which throws on the frozen
 * trees of a loaded policy. Every condition node (and `all`/`any` list) is copied; values, params and
 * paths are shared, as json-rules-engine only reads them.
 *
 * @example
 * engine.addRule({ conditions: thawCondition(rule.conditions), … });
 */
export function thawCondition(condition: TopLevelCondition): TopLevelCondition {
  return thawNode(condition as unknown as Node) as unknown as TopLevelCondition;
}

function thawNode(node: unknown): unknown {
  if (!isNode(node)) return node;
  const copy: Node = { ...node };
  for (const kind of ['all', 'any'] as const) {
    const list = copy[kind];
    if (Array.isArray(list)) copy[kind] = list.map(thawNode);
  }
  if (Object.hasOwn(copy, 'not')) copy.not = thawNode(copy.not);
  return copy;
}
