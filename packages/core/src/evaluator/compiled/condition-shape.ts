/** A condition node as written in a rule file (plain JSON object). */
export type Node = Record<string, unknown>;

export const has = (o: unknown, key: string) => Object.hasOwn(o as object, key);
export const isObj = (v: unknown): v is Node => typeof v === 'object' && v !== null;

const BOOLEAN_KINDS = ['any', 'all', 'not'] as const;

/** json-rules-engine's `Condition.booleanOperator`: `any`, then `all`, then `not`. */
export function booleanKind(node: Node): (typeof BOOLEAN_KINDS)[number] | undefined {
  if (has(node, 'any')) return 'any';
  if (has(node, 'all')) return 'all';
  return has(node, 'not') ? 'not' : undefined;
}

/** Whether a leaf compares against another fact (`value: { fact, path?, params? }`). */
export const isFactValue = (value: unknown): value is Node => isObj(value) && has(value, 'fact');

/** The priority json-rules-engine's `prioritizeConditions` files a condition under (facts all have 1). */
function priorityOf(node: Node): unknown {
  let p: unknown;
  if (has(node, 'condition')) p = node.priority;
  else if (booleanKind(node)) p = Number.parseInt(node.priority as string, 10) || 1;
  else if (has(node, 'priority')) p = Number.parseInt(node.priority as string, 10);
  return p || 1;
}

/**
 * json-rules-engine's `prioritizeConditions`: the children's indexes grouped by priority, highest first.
 * Every condition of a set is evaluated (json-rules-engine runs a set with `Promise.all`); the sets
 * short-circuit one after the other.
 */
export function prioritySets(children: readonly Node[]): number[][] {
  // the common case: no child names a priority, so all have 1 and form one set
  if (children.every((c) => !isObj(c) || !has(c, 'priority'))) return [children.map((_, i) => i)];
  const groups: Record<string, number[]> = Object.create(null);
  children.forEach((c, i) => {
    const key = String(priorityOf(c));
    const group = groups[key] ?? [];
    group.push(i);
    groups[key] = group;
  });
  return Object.keys(groups)
    .sort((a, b) => (Number(a) > Number(b) ? -1 : 1))
    .map((k) => groups[k] as number[]);
}
