import type { PolicyDocument } from '@engageloop/core';

type Node = Record<string, unknown>;

/** A fact name as a json-logic data key (json-logic reads `.` in a `var` as a path). */
export const logicKey = (fact: string) => fact.replaceAll('.', '_');

/** One event's facts as json-logic data: the same values under `logicKey` names. */
export function logicData(facts: Record<string, unknown>): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(facts)) data[logicKey(name)] = value;
  return data;
}

const COMPARISONS: Record<string, string> = {
  equal: '===',
  notEqual: '!==',
  lessThan: '<',
  lessThanInclusive: '<=',
  greaterThan: '>',
  greaterThanInclusive: '>=',
};

/** The keys of a plain `$.a.b` path (the only kind the shapes use). */
function keysOf(path: unknown): string[] {
  if (path === undefined) return [];
  if (typeof path !== 'string' || !/^\$(\.[A-Za-z_]\w*)+$/.test(path)) {
    throw new Error(`bench: json-logic conversion needs a plain key path, not ${String(path)}`);
  }
  return path.slice(2).split('.');
}

function leaf(node: Node): unknown {
  const keys = keysOf(node.path);
  const fact = { var: [logicKey(String(node.fact)), ...keys].join('.') };
  const op = String(node.operator);
  const value = node.value;
  if (Object.hasOwn(COMPARISONS, op)) return { [COMPARISONS[op] as string]: [fact, value] };
  if (op === 'in') return { in: [fact, value] };
  if (op === 'notIn') return { '!': { in: [fact, value] } };
  if (op === 'contains') return { in: [value, fact] };
  if (op === 'doesNotContain') return { '!': { in: [value, fact] } };
  // a plugin operator: a json-logic method of the same name (added by the bench)
  return { [op]: [fact, value] };
}

/**
 * A json-rules-engine condition converted mechanically to JSON Logic: `all` → `and`, `any` → `or`,
 * `not` → `!`, references inlined, leaves to comparisons over `var`. Only what the bench shapes use
 * (facts read as numbers or strings of the expected type, so the comparisons agree).
 */
export function toJsonLogic(condition: unknown, named: PolicyDocument['conditions'] = {}): unknown {
  const node = condition as Node;
  if (Array.isArray(node.all)) return { and: node.all.map((c) => toJsonLogic(c, named)) };
  if (Array.isArray(node.any)) return { or: node.any.map((c) => toJsonLogic(c, named)) };
  if (Object.hasOwn(node, 'not')) return { '!': toJsonLogic(node.not, named) };
  if (typeof node.condition === 'string') return toJsonLogic(named?.[node.condition], named);
  return leaf(node);
}
