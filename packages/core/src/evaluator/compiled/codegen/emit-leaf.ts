import { BUILT_IN, inlineTest } from '../../../policy/operator-table';
import { compilePath, resolvePath as coreResolvePath, pathKeys } from '../../../policy/path';
import type { CompileContext } from '../compile-condition';
import { isFactValue, type Node } from '../condition-shape';
import type { ProgramBuilder } from './program-builder';

/** Names of the runtime helpers a generated program receives (see `generate.ts`). */
export const HELPERS = ['U', 'read', 'hasOwn', 'isArray', 'num', 'resolve', 'unknownOp'] as const;

const EMPTY_PARAMS: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>;

/**
 * `almanac.factValue(fact, params, path)` as an expression assigned to `into`: the fact is read once per
 * evaluation (cached in its local), an unknown fact is `undefined`, and a path applies to a non-null
 * object only, following own properties exactly as `compilePath` does; each step of a key path is taken
 * once per evaluation (cached in a local per prefix), as the fact value is read once.
 */
function factRead(
  fact: unknown,
  params: unknown,
  path: unknown,
  into: string,
  ctx: CompileContext,
  b: ProgramBuilder,
) {
  if (typeof fact !== 'string' || !ctx.facts.has(fact)) return `${into} = void 0`;
  const p = params === undefined ? EMPTY_PARAMS : params;
  const local = b.factLocal(fact, p);
  const value = `(${local} === U ? (${local} = read(F, ${b.constant(fact)}, ${b.constant(p)})) : ${local})`;
  if (!path) return `${into} = ${value}`;
  const isObject = `(${into} = ${value}) !== null && typeof ${into} === "object"`;
  if (ctx.resolvePath !== coreResolvePath) {
    return `${into} = (${isObject} ? resolve(${into}, ${b.constant(path)}) : ${into})`;
  }
  const keys = pathKeys(path as string);
  if (keys === null) {
    // wildcards, recursive descent, slices, unions (or a refused path): the path's query, parsed once
    return `${into} = (${isObject} ? ${b.constant(compilePath(path as string))}(${into}) : ${into})`;
  }
  if (keys.length === 0) return `${into} = ${value}`;
  return `${into} = (${isObject} ? ${walk(local, keys, b)} : ${into})`;
}

/**
 * The value at `keys` under the (already read) fact local, one lazily cached local per prefix; each
 * step is a small function of the program (`undefined` unless its parent is a non-null object with
 * that own property).
 */
function walk(factLocal: string, keys: readonly string[], b: ProgramBuilder): string {
  let parent = factLocal;
  for (let i = 0; i < keys.length; i++) {
    const v = b.pathLocal(factLocal, keys.slice(0, i + 1));
    parent = `(${v} === U ? (${v} = ${b.step(keys[i] as string)}(${parent})) : ${v})`;
  }
  return parent;
}

/**
 * A fact condition as one expression with json-rules-engine's raw result: the expected value is
 * resolved first (fact-to-fact), then the fact; built-in operators are inlined, decorated and plugin
 * operators are called by reference; an unknown operator throws when reached, as it does there.
 */
export function emitLeaf(node: Node, ctx: CompileContext, b: ProgramBuilder): string {
  b.leaves++;
  const name = node.operator as string;
  const op = ctx.operator(name);
  if (!op) return `unknownOp(${b.constant(name)})`;
  const value = node.value;
  const parts: string[] = [];
  let expected: string;
  if (isFactValue(value)) {
    parts.push(factRead(value.fact, value.params, value.path, 'b', ctx, b));
    expected = 'b';
  } else {
    expected = b.constant(value);
  }
  parts.push(factRead(node.fact, node.params, node.path, 'a', ctx, b));
  const builtIn = ctx.builtIn(name) && Object.hasOwn(BUILT_IN, name) ? BUILT_IN[name] : undefined;
  parts.push(builtIn ? inlineTest(builtIn, expected) : `${b.constant(op)}(a, ${expected})`);
  return `(${parts.join(', ')})`;
}
