import type { TopLevelCondition } from '../../policy/types';
import type { ConditionTrace, FactResolver } from '../types';
import { compileLeaf } from './compile-leaf';
import { compileList } from './compile-list';
import { booleanKind, has, type Node } from './condition-shape';
import type { ReaderContext } from './fact-reader';
import type { CompiledOperator } from './operators';

type Traced = { raw: unknown; trace: ConditionTrace };

/**
 * One condition compiled into closures: `run` gives json-rules-engine's raw result, `traced` the same
 * with its trace. The closures serve the trace path (and whatever code generation leaves to them).
 */
export interface CompiledNode {
  readonly original: Node;
  run(facts: FactResolver): unknown;
  traced(facts: FactResolver): Traced;
}

export interface CompileContext extends ReaderContext {
  named: Readonly<Record<string, TopLevelCondition>>;
  operator(name: string): CompiledOperator | undefined;
  /** Whether `name` is json-rules-engine's built-in operator (not replaced by a plugin's). */
  builtIn(name: string): boolean;
}

/** Compiles a nested condition (json-rules-engine's `evaluateCondition`). */
export function compileNested(node: Node, ctx: CompileContext): CompiledNode {
  if (has(node, 'condition')) return compileRef(node, ctx);
  const kind = booleanKind(node);
  if (kind === 'not') {
    const child = compileNested(node.not as Node, ctx);
    return {
      original: node,
      run: (f) => !child.run(f) === true,
      traced(f) {
        const c = child.traced(f);
        const raw = !c.raw === true;
        return { raw, trace: { kind: 'not', result: raw, child: c.trace } };
      },
    };
  }
  if (kind) {
    const list = compileList(
      (node[kind] as Node[]).map((c) => compileNested(c, ctx)),
      kind,
      ctx,
    );
    return {
      original: node,
      run: (f) => list.run(f) === true,
      traced(f) {
        const r = list.traced(f);
        const raw = r.raw === true;
        return { raw, trace: { kind, result: raw, children: r.traces } };
      },
    };
  }
  return compileLeaf(node, ctx);
}

function compileRef(node: Node, ctx: CompileContext): CompiledNode {
  const name = node.condition as string;
  let target: CompiledNode | undefined;
  const resolve = () => {
    if (target) return target;
    const found = has(ctx.named, name) ? (ctx.named[name] as unknown as Node) : undefined;
    if (!found) throw new Error(`No condition ${name} exists`);
    target = compileNested(found, ctx);
    return target;
  };
  return {
    original: node,
    run: (f) => resolve().run(f),
    traced(f) {
      const c = resolve().traced(f);
      return { raw: c.raw, trace: { kind: 'ref', name, result: c.trace.result, child: c.trace } };
    },
  };
}
