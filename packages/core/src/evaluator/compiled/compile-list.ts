import { toConditionTrace } from '../jre-trace';
import type { ConditionTrace, FactResolver } from '../types';
import type { CompileContext, CompiledNode } from './compiled-node';
import { type Node, prioritySets } from './condition-shape';

/** The children of an `all`/`any`, compiled: `run` returns json-rules-engine's raw result. */
export interface CompiledList {
  run(f: FactResolver): unknown;
  traced(f: FactResolver): { raw: unknown; traces: ConditionTrace[] };
}

const skipped = (node: Node, ctx: CompileContext) => toConditionTrace(node as never, undefined, ctx.named);

/** json-rules-engine's `prioritizeAndRun`: priority sets in order, short-circuit between sets only. */
export function compileList(children: CompiledNode[], op: 'all' | 'any', ctx: CompileContext): CompiledList {
  if (children.length === 0) return { run: () => true, traced: () => ({ raw: true, traces: [] }) };
  if (children.length === 1) {
    const only = children[0] as CompiledNode;
    return {
      run: (f) => only.run(f),
      traced(f) {
        const r = only.traced(f);
        return { raw: r.raw, traces: [r.trace] };
      },
    };
  }
  const sets = prioritySets(children.map((c) => c.original)).map((set) =>
    set.map((i) => children[i] as CompiledNode),
  );
  const isAll = op === 'all';
  // every condition of a set is evaluated (json-rules-engine runs a set with Promise.all)
  const runSet = isAll
    ? (set: CompiledNode[], f: FactResolver) => {
        let ok = true;
        for (let i = 0; i < set.length; i++) if ((set[i] as CompiledNode).run(f) !== true) ok = false;
        return ok;
      }
    : (set: CompiledNode[], f: FactResolver) => {
        let ok = false;
        for (let i = 0; i < set.length; i++) if ((set[i] as CompiledNode).run(f) === true) ok = true;
        return ok;
      };
  return {
    run: (f) => {
      let r = isAll;
      for (let i = 0; i < sets.length && r === isAll; i++) r = runSet(sets[i] as CompiledNode[], f);
      return r;
    },
    traced(f) {
      const traces = new Map<CompiledNode, ConditionTrace>();
      let r = isAll;
      for (const set of sets) {
        if (r !== isAll) break;
        let ok = isAll;
        for (const c of set) {
          const t = c.traced(f);
          traces.set(c, t.trace);
          const passes = t.raw === true;
          ok = isAll ? ok && passes : ok || passes;
        }
        r = ok;
      }
      return { raw: r, traces: children.map((c) => traces.get(c) ?? skipped(c.original, ctx)) };
    },
  };
}
