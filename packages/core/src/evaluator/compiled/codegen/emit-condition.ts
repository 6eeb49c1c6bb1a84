import type { TopLevelCondition } from '../../../policy/types';
import { compileNested } from '../compile-condition';
import type { CompileContext } from '../compiled-node';
import { booleanKind, has, isObj, type Node, prioritySets } from '../condition-shape';
import { emitLeaf, emitLeafSkip, isPureLeaf } from './emit-leaf';
import type { ProgramBuilder } from './program-builder';

/** Past this many leaves in one program, condition references are called (as closures), not inlined. */
const INLINE_LEAF_BUDGET = 1000;

interface EmitState {
  ctx: CompileContext;
  b: ProgramBuilder;
  /** Named conditions being inlined (a reference back to one of them is called instead). */
  inlining: Set<string>;
  /** `emitSkip` results by condition, then by inlining context. */
  skips: WeakMap<Node, Map<string, string | null>>;
}

/**
 * A rule's top-level condition as one boolean expression, the way json-rules-engine's `Rule.evaluate`
 * runs it: `any`, `all`, `not` by truthiness in that order, otherwise a reference.
 */
export function emitTop(condition: TopLevelCondition, ctx: CompileContext, b: ProgramBuilder): string {
  const state: EmitState = { ctx, b, inlining: new Set(), skips: b.skipCache as EmitState['skips'] };
  const node = condition as unknown as Node;
  for (const kind of ['any', 'all'] as const) {
    if (node[kind]) return `!!${emitList(node[kind] as Node[], kind, state)}`;
  }
  if (node.not) return `!${emitNested(node.not as Node, state)}`;
  return `!!${emitNested(node, state)}`;
}

/** A nested condition (json-rules-engine's `evaluateCondition`) with its raw result. */
function emitNested(node: Node, state: EmitState): string {
  if (has(node, 'condition')) return emitRef(node, state);
  const kind = booleanKind(node);
  if (kind === 'not') return `!${emitNested(node.not as Node, state)}`;
  if (kind) {
    const list = emitList(node[kind] as Node[], kind, state);
    // a list of several children (or none) is already a boolean; one child gives its raw result
    return (node[kind] as Node[]).length === 1 ? `(${list} === true)` : list;
  }
  return emitLeaf(node, state.ctx, state.b);
}

/**
 * A reference, inlined; a reference that is missing (it throws when reached), cyclic, or past the
 * inlining budget is called through its closure instead, which behaves the same.
 */
function emitRef(node: Node, state: EmitState): string {
  const name = node.condition as string;
  const { ctx, b } = state;
  const key = String(name);
  const cached = b.fast && has(ctx.named, name) ? b.namedValue(key) : undefined;
  if (cached !== undefined) return cached;
  if (!has(ctx.named, name) || state.inlining.has(key) || b.leaves >= INLINE_LEAF_BUDGET) {
    return b.closureCall(compileNested(node, ctx));
  }
  state.inlining.add(key);
  try {
    const target = ctx.named[name] as unknown as Node;
    // a fast program computes a condition that reads and throws nothing once, after its guards
    if (b.fast && isPure(target, state)) return b.addNamedValue(key, emitNested(target, state));
    return emitNested(target, state);
  } catch {
    // a malformed named condition throws only when reached, as its closure does
    return b.closureCall(compileNested(node, ctx));
  } finally {
    state.inlining.delete(key);
  }
}

/**
 * Whether a condition (through its references) is made only of pure leaves (`isPureLeaf`): its result
 * is then the same whenever, and however often, it is computed.
 */
function isPure(node: Node, state: EmitState): boolean {
  if (!isObj(node)) return false;
  if (has(node, 'condition')) {
    const name = String(node.condition);
    if (!has(state.ctx.named, name) || state.inlining.has(name)) return false;
    if (state.b.namedValue(name) !== undefined) return true;
    state.inlining.add(name);
    try {
      return isPure(state.ctx.named[name] as unknown as Node, state);
    } finally {
      state.inlining.delete(name);
    }
  }
  const kind = booleanKind(node);
  if (kind === 'not') return isPure(node.not as Node, state);
  if (kind === undefined) return isPureLeaf(node, state.ctx, state.b);
  const children = node[kind];
  return Array.isArray(children) && children.every((c) => isPure(c as Node, state));
}

/**
 * json-rules-engine's `prioritizeAndRun`: a single child gives its raw result; otherwise every condition
 * of a priority set is evaluated (as with its `Promise.all`) and the sets short-circuit one after the
 * other. Within a set, the children that must run whole (nested conditions, plugin operators, tests that
 * may throw) run first, all of them; then the others short-circuit, and each one skipped still reads
 * its facts and runs whatever part of its tests could throw (`emitSkip`): the same reads, the same
 * errors and the same result as evaluating every child, with fewer comparisons.
 */
function emitList(children: Node[], op: 'all' | 'any', state: EmitState): string {
  const exprs = children.map((c) => emitNested(c, state));
  if (exprs.length === 0) return 'true';
  if (exprs.length === 1) return exprs[0] as string;
  const skips = children.map((c) => emitSkip(c, state));
  const sets = prioritySets(children).map((set) =>
    set.length === 1
      ? `(${exprs[set[0] as number]} === true)`
      : emitSet(
          set.filter((i) => skips[i] === null).map((i) => exprs[i] as string),
          set.filter((i) => skips[i] !== null).map((i) => [exprs[i] as string, skips[i] as string] as const),
          op,
        ),
  );
  return `(${sets.join(op === 'all' ? ' && ' : ' || ')})`;
}

/**
 * What remains of a condition whose result no longer matters: the reads and possible errors of every
 * leaf json-rules-engine would evaluate in it (`''`: nothing), or `null` when that needs its results (a
 * list of several priority sets short-circuits between them) or a leaf must run whole.
 */
function emitSkip(node: Node, state: EmitState): string | null {
  // the same condition is asked again by every list above it: its skip is kept per inlining context
  const context = state.inlining.size === 0 ? '' : [...state.inlining].join('\u0000');
  let byContext = state.skips.get(node);
  if (byContext?.has(context)) return byContext.get(context) as string | null;
  const skip = emitSkipOnce(node, state);
  if (!byContext) {
    byContext = new Map();
    state.skips.set(node, byContext);
  }
  byContext.set(context, skip);
  return skip;
}

function emitSkipOnce(node: Node, state: EmitState): string | null {
  if (has(node, 'condition')) {
    const name = node.condition as string;
    // a named condition computed once (pure) reads and throws nothing
    if (state.b.fast && has(state.ctx.named, name) && state.b.namedValue(String(name)) !== undefined)
      return '';
    if (!has(state.ctx.named, name) || state.inlining.has(String(name))) return null;
    state.inlining.add(String(name));
    try {
      return emitSkip(state.ctx.named[name] as unknown as Node, state);
    } catch {
      return null;
    } finally {
      state.inlining.delete(String(name));
    }
  }
  const kind = booleanKind(node);
  if (kind === 'not') return emitSkip(node.not as Node, state);
  if (kind === undefined) return emitLeafSkip(node, state.ctx, state.b);
  const children = node[kind] as Node[];
  if (children.length > 1 && prioritySets(children).length > 1) return null;
  const parts: string[] = [];
  for (const child of children) {
    const skip = emitSkip(child, state);
    if (skip === null) return null;
    if (skip !== '') parts.push(skip);
  }
  return parts.length === 0 ? '' : `(${parts.join(', ')})`;
}

/**
 * One priority set: `whole` evaluated every one, then `short` ([expression, skip]) short-circuiting as
 * nested conditionals; a child not reached runs its skip instead.
 */
function emitSet(
  whole: string[],
  short: ReadonlyArray<readonly [string, string]>,
  op: 'all' | 'any',
): string {
  const isAll = op === 'all';
  const wholeResult =
    whole.length === 0
      ? undefined
      : whole.length === 1
        ? `(${whole[0]} === true)`
        : `((${whole.map((e) => `(${e} === true)`).join(isAll ? ' & ' : ' | ')}) === 1)`;
  if (short.length === 0) return wholeResult as string;
  const decided = isAll ? 'false' : 'true';
  /** The skips of `short[from…]`, then the decided result. */
  const skipFrom = (from: number) => {
    const skips = short.slice(from).flatMap(([, skip]) => (skip === '' ? [] : [skip]));
    return skips.length === 0 ? decided : `(${[...skips, decided].join(', ')})`;
  };
  const chainFrom = (i: number): string => {
    const test = `(${(short[i] as readonly [string, string])[0]} === true)`;
    if (i === short.length - 1) return test;
    return isAll
      ? `(${test} ? ${chainFrom(i + 1)} : ${skipFrom(i + 1)})`
      : `(${test} ? ${skipFrom(i + 1)} : ${chainFrom(i + 1)})`;
  };
  const chain = chainFrom(0);
  if (wholeResult === undefined) return chain;
  return isAll
    ? `(${wholeResult} ? ${chain} : ${skipFrom(0)})`
    : `(${wholeResult} ? ${skipFrom(0)} : ${chain})`;
}
