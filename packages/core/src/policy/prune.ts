import { parsePointer } from './pointer';
import { cloneJson, isPlainObject, safeSet } from './safe-object';

/** Names a part defined in a malformed entry: they exist for the author, so references to them are not errors. */
export interface LostNames {
  conditions: Set<string>;
  experiments: Set<string>;
}

/** A structurally invalid part with its malformed pieces cut out, for the semantic checks to run on the rest. */
export interface Pruned {
  doc: Record<string, unknown>;
  lost: LostNames;
}

const own = (target: unknown, key: string): unknown =>
  isPlainObject(target) && Object.hasOwn(target, key) ? target[key] : undefined;

/**
 * Cuts a malformed node out of a condition tree: the deepest `all` / `any` item on the error's path becomes
 * a hole (the checks skip it, its siblings are still checked). False when no item is on the path.
 */
function cutInTree(tree: unknown, tokens: readonly string[]): boolean {
  let node = tree;
  let cut: { list: unknown[]; index: number } | undefined;
  for (const token of tokens) {
    if (Array.isArray(node)) {
      cut = { list: node, index: Number(token) };
      node = node[Number(token)];
    } else if (isPlainObject(node) && Object.hasOwn(node, token)) node = node[token];
    else break;
  }
  if (!cut) return false;
  cut.list[cut.index] = undefined;
  return true;
}

/** Cuts what one structure error at `tokens` points into out of a rule (`rules/<i>/…`). */
function pruneRule(rules: unknown[], tokens: readonly string[]): void {
  const index = Number(tokens[0]);
  const rule = rules[index];
  if (!isPlainObject(rule)) {
    rules[index] = undefined;
    return;
  }
  const field = tokens[1];
  if (field === undefined) return; // a required property is missing: nothing to cut, the checks skip it
  const effects = rule.effects;
  if (field === 'effects' && tokens.length > 2 && Array.isArray(effects)) {
    effects[Number(tokens[2])] = undefined; // a hole keeps the other effects at their indices
    return;
  }
  if (field === 'conditions' && cutInTree(rule.conditions, tokens.slice(2))) return;
  delete rule[field];
}

/** Cuts what one structure error points into out of a keyed section (`conditions`, `experiments`…). */
function pruneKeyed(doc: Record<string, unknown>, tokens: readonly string[], lost: LostNames): void {
  const [section = '', key] = tokens;
  const entries = doc[section];
  const names = section === 'conditions' || section === 'experiments' ? lost[section] : undefined;
  if (key === undefined || !isPlainObject(entries)) {
    if (names && isPlainObject(entries)) for (const name of Object.keys(entries)) names.add(name);
    delete doc[section];
    return;
  }
  if (!Object.hasOwn(entries, key)) return;
  if (section === 'eventTypes' && tokens.length > 2) {
    safeSet(entries, key, {}); // the type stays declared; only its description was wrong
    return;
  }
  if (section === 'conditions' && cutInTree(entries[key], tokens.slice(2))) return;
  names?.add(key);
  delete entries[key];
}

const KEYED = new Set(['conditions', 'experiments', 'eventTypes', 'settings']);

/**
 * A copy of a policy part without the pieces its structure errors point into: a malformed rule field, effect,
 * named condition, experiment or top-level key. What is left is well-formed, so the semantic checks (unknown
 * effect types, facts, operators, references…) can run on it and report in the same run as the schema errors.
 * Undefined when the document is not an object. Never used as a policy: a part with errors is never loaded.
 */
export function pruneInvalid(doc: unknown, pointers: readonly string[]): Pruned | undefined {
  if (!isPlainObject(doc)) return undefined;
  const copy = cloneJson(doc);
  const lost: LostNames = { conditions: new Set(), experiments: new Set() };
  for (const tokens of pointers.map(parsePointer)) {
    const [top] = tokens;
    if (top === undefined || top === 'version') continue;
    if (top === 'rules') {
      const rules = own(copy, 'rules');
      if (tokens.length === 1 || !Array.isArray(rules)) delete copy.rules;
      else pruneRule(rules, tokens.slice(1));
    } else if (KEYED.has(top)) pruneKeyed(copy, tokens, lost);
    else delete copy[top];
  }
  return { doc: copy, lost };
}
