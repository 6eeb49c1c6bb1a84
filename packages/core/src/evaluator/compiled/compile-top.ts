import type { TopLevelCondition } from '../../policy/types';
import type { ConditionTrace, FactResolver } from '../types';
import { compileNested } from './compile-condition';
import { compileList } from './compile-list';
import type { CompileContext } from './compiled-node';
import { has, isObj, type Node } from './condition-shape';

/** A rule's top-level condition, compiled; `run` returns whether the rule fires. */
export interface CompiledTop {
  run(facts: FactResolver): boolean;
  traced(facts: FactResolver): { result: boolean; trace: ConditionTrace };
}

/** The fact json-rules-engine's reference evaluator uses internally; a rule naming it is left to jre. */
const RESOLVER_FACT = '__engageloop_facts__';

/**
 * Compiles a top-level condition the way json-rules-engine's `Rule.evaluate` runs it: `any`, `all`,
 * `not` by truthiness in that order, otherwise a reference. The rule fires when the raw result is truthy;
 * the trace's top-level result is derived from its children, as `toConditionTrace` does.
 */
export function compileTop(condition: TopLevelCondition, ctx: CompileContext): CompiledTop {
  const node = condition as unknown as Node;
  for (const kind of ['any', 'all'] as const) {
    if (!node[kind]) continue;
    const list = compileList(
      (node[kind] as Node[]).map((c) => compileNested(c, ctx)),
      kind,
      ctx,
    );
    return {
      run: (f) => Boolean(list.run(f)),
      traced(f) {
        const r = list.traced(f);
        const result = kind === 'all' ? r.traces.every((t) => t.result) : r.traces.some((t) => t.result);
        return { result: Boolean(r.raw), trace: { kind, result, children: r.traces } };
      },
    };
  }
  if (node.not) {
    const child = compileNested(node.not as Node, ctx);
    return {
      run: (f) => !child.run(f),
      traced(f) {
        const c = child.traced(f);
        return { result: !c.raw, trace: { kind: 'not', result: !c.trace.result, child: c.trace } };
      },
    };
  }
  const ref = compileNested(node, ctx);
  return {
    run: (f) => Boolean(ref.run(f)),
    traced(f) {
      const r = ref.traced(f);
      return { result: Boolean(r.raw), trace: r.trace };
    },
  };
}

/** Whether a condition (through its references and fact-to-fact values) reads an async fact. */
export function needsFallback(
  condition: TopLevelCondition,
  named: Readonly<Record<string, TopLevelCondition>>,
  asyncFacts: ReadonlySet<string>,
): boolean {
  const seen = new Set<string>();
  const bad = (fact: unknown) => fact === RESOLVER_FACT || (typeof fact === 'string' && asyncFacts.has(fact));
  const visit = (node: unknown): boolean => {
    if (!isObj(node)) return false;
    if (has(node, 'condition')) {
      const name = String(node.condition);
      if (seen.has(name)) return false;
      seen.add(name);
      return has(named, name) && visit(named[name]);
    }
    for (const kind of ['any', 'all'] as const)
      if (Array.isArray(node[kind])) return (node[kind] as unknown[]).some(visit);
    if (has(node, 'not')) return visit(node.not);
    const value = node.value;
    return bad(node.fact) || (isObj(value) && has(value, 'fact') && bad(value.fact));
  };
  return visit(condition);
}
