import type { TopLevelCondition } from '../../../policy/types';
import { type CompileContext, compileNested } from '../compile-condition';
import { booleanKind, has, type Node, prioritySets } from '../condition-shape';
import { emitLeaf } from './emit-leaf';
import type { ProgramBuilder } from './program-builder';

/** Past this many leaves in one program, condition references are called (as closures), not inlined. */
const INLINE_LEAF_BUDGET = 1000;

interface EmitState {
  ctx: CompileContext;
  b: ProgramBuilder;
  /** Named conditions being inlined (a reference back to one of them is called instead). */
  inlining: Set<string>;
}

/**
 * A rule's top-level condition as one boolean expression, the way json-rules-engine's `Rule.evaluate`
 * runs it: `any`, `all`, `not` by truthiness in that order, otherwise a reference.
 */
export function emitTop(condition: TopLevelCondition, ctx: CompileContext, b: ProgramBuilder): string {
  const state: EmitState = { ctx, b, inlining: new Set() };
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
  if (kind) return `(${emitList(node[kind] as Node[], kind, state)} === true)`;
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
  if (!has(ctx.named, name) || state.inlining.has(key) || b.leaves >= INLINE_LEAF_BUDGET) {
    return `${b.constant(compileNested(node, ctx))}.run(F)`;
  }
  state.inlining.add(key);
  try {
    return emitNested(ctx.named[name] as unknown as Node, state);
  } catch {
    // a malformed named condition throws only when reached, as its closure does
    return `${b.constant(compileNested(node, ctx))}.run(F)`;
  } finally {
    state.inlining.delete(key);
  }
}

/**
 * json-rules-engine's `prioritizeAndRun`: a single child gives its raw result; otherwise every condition
 * of a priority set is evaluated (no short-circuit inside a set, as with its `Promise.all`), and the
 * sets short-circuit one after the other.
 */
function emitList(children: Node[], op: 'all' | 'any', state: EmitState): string {
  const exprs = children.map((c) => emitNested(c, state));
  if (exprs.length === 0) return 'true';
  if (exprs.length === 1) return exprs[0] as string;
  const join = op === 'all' ? ' & ' : ' | ';
  const sets = prioritySets(children).map((set) =>
    set.length === 1
      ? `(${exprs[set[0] as number]} === true)`
      : `((${set.map((i) => `(${exprs[i]} === true)`).join(join)}) === 1)`,
  );
  return `(${sets.join(op === 'all' ? ' && ' : ' || ')})`;
}
