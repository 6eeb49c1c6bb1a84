import { compileLeaf } from './compile-leaf';
import { compileList } from './compile-list';
import type { CompileContext, CompiledNode } from './compiled-node';
import { booleanKind, has, type Node } from './condition-shape';

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
