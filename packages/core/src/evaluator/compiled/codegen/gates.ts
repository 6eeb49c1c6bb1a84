import type { TopLevelCondition } from '../../../policy/types';
import type { CompileContext } from '../compiled-node';
import { booleanKind, has, isFactValue, isObj, type Node } from '../condition-shape';
import { isPureLeaf, knownValue } from './emit-leaf';
import type { ProgramBuilder } from './program-builder';

/** Found a condition a gate cannot be proven for (it may throw, read, or give a non-boolean). */
const UNPROVEN = Symbol('unproven');

/** What a condition is when the values of `absent` are undefined: known, or `undefined` (depends). */
type Known = boolean | undefined;

/** What gates need of one leaf, found once per program. */
interface LeafFacts {
  /** The known locals its value depends on (path value, fact); empty: an unknown fact, always undefined. */
  locals: readonly string[];
  /** Whether it is pure (`isPureLeaf`) when its values are present. */
  pure: boolean;
  /** Its result on `undefined`: a boolean, or `undefined` when that proves nothing (throws, not boolean). */
  onAbsent: boolean | undefined;
  /** Whether its fact is read first (or unknown): its locals are all it reads. */
  known: boolean;
}

/** Leaves already looked at, per program. */
export type GateCache = WeakMap<object, LeafFacts>;

interface Proof {
  ctx: CompileContext;
  b: ProgramBuilder;
  cache: GateCache;
  absent: ReadonlySet<string>;
  inlining: Set<string>;
}

/**
 * The gate of a rule in a fast program: locals known before any rule (facts read first, path values
 * computed first) such that, while every one of them is `undefined` — the facts are absent — the rule
 * cannot fire, evaluating it reads nothing and throws nothing. The rule is then skipped unevaluated
 * (its flag stays `false`) whenever they all are. A single local is preferred (skipped more often);
 * otherwise every local the rule reads; `null` when neither is proven.
 *
 * Decided at generation time: the rule is evaluated three-valued with those values undefined — a leaf
 * on them runs its operator on `undefined` (a throw, or a result that is not a boolean, proves
 * nothing), any other leaf must be pure (`isPureLeaf`: known values, a built-in test that cannot throw)
 * and is unknown; `all`, `any` and `not` combine as json-rules-engine does.
 */
export function gateOf(
  condition: TopLevelCondition,
  ctx: CompileContext,
  b: ProgramBuilder,
  cache: GateCache,
): string[] | null {
  if (!b.fast) return null;
  const p: Proof = { ctx, b, cache, absent: new Set(), inlining: new Set() };
  // one local alone, the first that proves it; else every local
  const single = proven(() => topSingles(condition as unknown as Node, p));
  const locals = single ? [...single.reads] : localsOf(condition, p);
  if (locals === null || locals.length === 0 || locals.includes('*')) return null;
  const first = single
    ? locals.find((local) => within(single.falseIf, local) && within(single.valid, local))
    : undefined;
  if (first !== undefined) return [first];
  const all = proven(() => topValue(condition as unknown as Node, { ...p, absent: new Set(locals) }));
  return all === false ? locals : null;
}

/** `run()`, or `undefined` when it found nothing proven. */
function proven<T>(run: () => T): T | undefined {
  try {
    return run();
  } catch (error) {
    if (error === UNPROVEN) return undefined;
    throw error;
  }
}

/**
 * The locals that alone, absent, make a condition false (`falseIf`) or true (`trueIf`) — proven only
 * for those in `valid` (a leaf that is not pure is known only when its own value is absent).
 */
interface Singles {
  falseIf: Locals;
  trueIf: Locals;
  valid: Locals;
  /** Every local read, in order. */
  reads: Locals;
}

/** A few locals (a rule reads a handful): a list is cheaper than a set here. */
type Locals = readonly string[];

const within = (set: Locals, local: string) => set === ALL || set.includes(local);

const NONE: Locals = [];

/** `topValue` for every single absent local at once. */
function topSingles(node: Node, p: Proof): Singles {
  if (node.any) return listSingles(node.any, 'any', p);
  if (node.all) return listSingles(node.all, 'all', p);
  if (node.not) return swap(singles(node.not, p));
  return singles(node, p);
}

/** Visits a named condition's body, refusing an unknown name and a reference cycle (`UNPROVEN`). */
function throughNamed<T>(ref: unknown, p: Proof, visit: (node: unknown, p: Proof) => T): T {
  const name = String(ref);
  if (!has(p.ctx.named, name) || p.inlining.has(name)) throw UNPROVEN;
  p.inlining.add(name);
  try {
    return visit(p.ctx.named[name], p);
  } finally {
    p.inlining.delete(name);
  }
}

const swap = (s: Singles): Singles => ({ ...s, falseIf: s.trueIf, trueIf: s.falseIf });

function singles(node: unknown, p: Proof): Singles {
  if (!isObj(node)) throw UNPROVEN;
  if (has(node, 'condition')) return throughNamed(node.condition, p, singles);
  const kind = booleanKind(node);
  if (kind === 'not') return swap(singles(node.not, p));
  if (kind) return listSingles(node[kind], kind, p);
  const leaf = leafFacts(node, p);
  if (!leaf.known || leaf.onAbsent === undefined) throw UNPROVEN;
  if (leaf.locals.length === 0) {
    // an unknown fact: always undefined
    return leaf.onAbsent
      ? { falseIf: NONE, trueIf: ALL, valid: ALL, reads: NONE }
      : { falseIf: ALL, trueIf: NONE, valid: ALL, reads: NONE };
  }
  const locals = leaf.locals;
  const valid = leaf.pure ? ALL : locals;
  return leaf.onAbsent
    ? { falseIf: NONE, trueIf: locals, valid, reads: locals }
    : { falseIf: locals, trueIf: NONE, valid, reads: locals };
}

/** Stands for "every local" (a leaf on an unknown fact is decided whichever is absent). */
const ALL: Locals = ['*'];

function union(sets: readonly Locals[]): Locals {
  let out: string[] | undefined;
  for (const set of sets) {
    if (set === ALL) return ALL;
    for (const local of set) {
      if (out?.includes(local)) continue;
      out ??= [];
      out.push(local);
    }
  }
  return out ?? NONE;
}

function intersection(sets: readonly Locals[]): Locals {
  let out: Locals = ALL;
  for (const set of sets) {
    if (set === ALL) continue;
    out = out === ALL ? set : out.filter((local) => set.includes(local));
  }
  return out;
}

/** `all`: false if one child is, true if all are; `any` the other way round (every child proven). */
function listSingles(children: unknown, kind: 'all' | 'any', p: Proof): Singles {
  if (!Array.isArray(children)) throw UNPROVEN;
  if (children.length === 0) return { falseIf: NONE, trueIf: ALL, valid: ALL, reads: NONE };
  const each = children.map((child) => singles(child, p));
  const falses = each.map((s) => s.falseIf);
  const trues = each.map((s) => s.trueIf);
  const valid = intersection(each.map((s) => s.valid));
  const reads = union(each.map((s) => s.reads));
  return kind === 'all'
    ? { falseIf: union(falses), trueIf: intersection(trues), valid, reads }
    : { falseIf: intersection(falses), trueIf: union(trues), valid, reads };
}

/** json-rules-engine's `Rule.evaluate`: `any`, `all`, `not` by truthiness in that order, otherwise a reference. */
function topValue(node: Node, p: Proof): Known {
  if (node.any) return listValue(node.any, 'any', p);
  if (node.all) return listValue(node.all, 'all', p);
  if (node.not) return not(value(node.not as Node, p));
  return value(node, p);
}

const not = (k: Known): Known => (k === undefined ? undefined : !k);

function value(node: unknown, p: Proof): Known {
  if (!isObj(node)) throw UNPROVEN;
  if (has(node, 'condition')) return throughNamed(node.condition, p, value);
  const kind = booleanKind(node);
  if (kind === 'not') return not(value(node.not, p));
  if (kind) return listValue(node[kind], kind, p);
  return leafValue(node, p);
}

/** `all` / `any` of known-or-unknown children (every child boolean, as every leaf here is). */
function listValue(children: unknown, kind: 'all' | 'any', p: Proof): Known {
  if (!Array.isArray(children)) throw UNPROVEN;
  if (children.length === 0) return true;
  const decides = kind === 'any';
  // every child is proven, deciding or not: json-rules-engine evaluates a whole priority set
  const values = children.map((child) => value(child, p));
  if (values.includes(decides)) return decides;
  return values.includes(undefined) ? undefined : !decides;
}

function leafValue(node: Node, p: Proof): Known {
  const leaf = leafFacts(node, p);
  if (!leaf.known) throw UNPROVEN;
  if (leaf.locals.length === 0 || leaf.locals.some((local) => p.absent.has(local))) {
    if (leaf.onAbsent === undefined) throw UNPROVEN;
    return leaf.onAbsent;
  }
  if (!leaf.pure) throw UNPROVEN;
  return undefined;
}

function leafFacts(node: Node, p: Proof): LeafFacts {
  let leaf = p.cache.get(node);
  if (leaf) return leaf;
  const { ctx, b } = p;
  const fact = node.fact;
  const registered = typeof fact === 'string' && ctx.facts.has(fact);
  const value = registered ? knownValue(fact, node.params, node.path, ctx, b) : undefined;
  const factLocal = registered ? knownValue(fact, node.params, undefined, ctx, b) : undefined;
  const locals: string[] = [];
  if (value !== undefined) locals.push(value);
  if (factLocal !== undefined && factLocal !== value) locals.push(factLocal);
  leaf = {
    locals,
    pure: isPureLeaf(node, ctx, b),
    onAbsent: onAbsent(node, ctx),
    known: !registered || factLocal !== undefined,
  };
  p.cache.set(node, leaf);
  return leaf;
}

/** A leaf's result when its value is `undefined` (a literal value, an operator that returns a boolean). */
function onAbsent(node: Node, ctx: CompileContext): boolean | undefined {
  const op = ctx.operator(node.operator as string);
  if (!op || isFactValue(node.value)) return undefined;
  try {
    const result = op(undefined, node.value);
    return typeof result === 'boolean' ? result : undefined;
  } catch {
    return undefined;
  }
}

/** The known locals a rule's leaves read (through its references), in order; `null` when one has none. */
function localsOf(condition: TopLevelCondition, p: Proof): string[] | null {
  const out = new Set<string>();
  const visit = (node: unknown): boolean => {
    if (!isObj(node)) return false;
    if (has(node, 'condition')) {
      const name = String(node.condition);
      if (!has(p.ctx.named, name) || p.inlining.has(name)) return false;
      p.inlining.add(name);
      const ok = visit(p.ctx.named[name]);
      p.inlining.delete(name);
      return ok;
    }
    const kind = booleanKind(node);
    if (kind === 'not') return visit(node.not);
    if (kind) return Array.isArray(node[kind]) && (node[kind] as unknown[]).every(visit);
    const leaf = leafFacts(node, p);
    for (const local of leaf.locals) out.add(local);
    return leaf.known;
  };
  return visit(condition) ? [...out] : null;
}
