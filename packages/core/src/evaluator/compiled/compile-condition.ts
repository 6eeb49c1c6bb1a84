import type { TopLevelCondition } from '../../policy/types';
import { toConditionTrace } from '../jre-trace';
import type { ConditionTrace, FactResolver } from '../types';
import { createFactReader, type FactReader, type ReaderContext } from './fact-reader';
import { fuseLeaf } from './fused';
import type { CompiledOperator } from './operators';

type Node = Record<string, unknown>;
type Traced = { raw: unknown; trace: ConditionTrace };

/** One condition compiled into closures: `run` for speed, `traced` when a trace is asked for. */
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

const has = (o: unknown, key: string) => Object.hasOwn(o as object, key);
const isObj = (v: unknown): v is Node => typeof v === 'object' && v !== null;
const BOOLEAN_KINDS = ['any', 'all', 'not'] as const;

/** json-rules-engine's `Condition.booleanOperator`: `any`, then `all`, then `not`. */
function booleanKind(node: Node) {
  return BOOLEAN_KINDS.find((k) => has(node, k));
}

/** The priority json-rules-engine's `prioritizeConditions` files a condition under (facts all have 1). */
function priorityOf(node: Node): unknown {
  let p: unknown;
  if (has(node, 'condition')) p = node.priority;
  else if (booleanKind(node)) p = Number.parseInt(node.priority as string, 10) || 1;
  else if (has(node, 'priority')) p = Number.parseInt(node.priority as string, 10);
  return p || 1;
}

const skipped = (node: Node, ctx: CompileContext) => toConditionTrace(node as never, undefined, ctx.named);

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

function compileLeaf(node: Node, ctx: CompileContext): CompiledNode {
  const operatorName = node.operator as string;
  const op = ctx.operator(operatorName);
  const value = node.value;
  const lhs = createFactReader(node.fact, node.params, node.path, ctx);
  const rhs: FactReader =
    isObj(value) && has(value, 'fact')
      ? createFactReader(value.fact, value.params, value.path, ctx)
      : () => value;
  const check = () => {
    if (!op) throw new Error(`Unknown operator: ${operatorName}`);
    return op;
  };
  return {
    original: node,
    run: !op
      ? check
      : isObj(value) && has(value, 'fact')
        ? (f) => {
            const right = rhs(f);
            return op(lhs(f), right);
          }
        : ((ctx.builtIn(operatorName) ? fuseLeaf(operatorName, lhs, value) : undefined) ??
          ((f) => op(lhs(f), value))),
    traced(f) {
      const operator = check();
      const right = rhs(f);
      const left = lhs(f);
      const raw = operator(left, right);
      const trace: ConditionTrace = {
        kind: 'fact',
        fact: String(node.fact),
        operator: String(node.operator),
        value: right,
        factValue: left,
        result: raw === true,
      };
      if (typeof node.path === 'string') trace.path = node.path;
      if (isObj(node.params)) trace.params = node.params;
      return { raw, trace };
    },
  };
}

interface CompiledList {
  run(f: FactResolver): unknown;
  traced(f: FactResolver): { raw: unknown; traces: ConditionTrace[] };
}

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
  const groups: Record<string, number[]> = Object.create(null);
  children.forEach((c, i) => {
    const key = String(priorityOf(c.original));
    const group = groups[key] ?? [];
    group.push(i);
    groups[key] = group;
  });
  const sets = Object.keys(groups)
    .sort((a, b) => (Number(a) > Number(b) ? -1 : 1))
    .map((k) => (groups[k] as number[]).map((i) => children[i] as CompiledNode));
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
  const single = sets.length === 1 ? (sets[0] as CompiledNode[]) : null;
  const pair = single?.length === 2 ? (single as [CompiledNode, CompiledNode]) : null;
  return {
    run: pair
      ? isAll
        ? (f) => {
            const a = pair[0].run(f) === true;
            return pair[1].run(f) === true && a;
          }
        : (f) => {
            const a = pair[0].run(f) === true;
            return pair[1].run(f) === true || a;
          }
      : single
        ? (f) => runSet(single, f)
        : (f) => {
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
