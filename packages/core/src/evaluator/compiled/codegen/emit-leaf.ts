import { BUILT_IN, type BuiltInOperator, inlineTest } from '../../../policy/operator-table';
import { compilePath, resolvePath as coreResolvePath, pathKeys } from '../../../policy/path';
import type { CompileContext } from '../compiled-node';
import { isFactValue, type Node } from '../condition-shape';
import type { ProgramBuilder } from './program-builder';

/** Names of the runtime helpers a generated program receives (see `generate.ts`). */
export const HELPERS = [
  'U',
  'read',
  'first',
  'slow',
  'hasOwn',
  'isArray',
  'num',
  'obj',
  'resolve',
  'unknownOp',
] as const;

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
  const known = knownValue(fact, params, path, ctx, b);
  if (known !== undefined) return `${into} = ${known}`;
  const p = params === undefined ? EMPTY_PARAMS : params;
  const local = b.factLocal(fact, p);
  const value = b.isReadFirst(local)
    ? local
    : `(${local} === U ? (${local} = ${b.read(fact, p)}) : ${local})`;
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
 * In a fast program, the local that holds a leaf's value before any rule — its fact read first, or
 * the path under it computed first — or `undefined` (then the value is read where the leaf needs it).
 */
export function knownValue(
  fact: unknown,
  params: unknown,
  path: unknown,
  ctx: CompileContext,
  b: ProgramBuilder,
) {
  if (!b.fast || typeof fact !== 'string' || !ctx.facts.has(fact)) return undefined;
  const local = b.factLocal(fact, params === undefined ? EMPTY_PARAMS : params);
  if (!b.isReadFirst(local)) return undefined;
  if (!path) return local;
  if (ctx.resolvePath !== coreResolvePath) return undefined;
  const keys = pathKeys(path as string);
  if (keys === null) return undefined;
  return keys.length === 0 ? local : b.eagerValue(local, keys);
}

/**
 * Whether a leaf, in a fast program, has a value known before any rule and a built-in test that cannot
 * throw there (numeric tests are guarded to numbers): evaluating it reads nothing and changes nothing.
 */
export function isPureLeaf(node: Node, ctx: CompileContext, b: ProgramBuilder): boolean {
  const builtIn = builtInOf(node, ctx);
  if (!b.fast || !builtIn || isFactValue(node.value) || !ctx.operator(node.operator as string)) return false;
  if (builtIn.throwsOn(node.value) === 'anything') return false;
  if (typeof node.fact !== 'string' || !ctx.facts.has(node.fact)) return true;
  return knownValue(node.fact, node.params, node.path, ctx, b) !== undefined;
}

/** The validator the numeric built-ins share (`lessThan` … `greaterThanInclusive`). */
const NUMBER_VALIDATOR = BUILT_IN.greaterThan?.validator;

/**
 * Whether a leaf is a numeric built-in against a literal primitive: for a fact value that is a number
 * or `undefined`, `validator(a) && a < b` is then exactly `a < b`, and the comparison cannot throw.
 */
function isNumericTest(node: Node, builtIn: BuiltInOperator | undefined): builtIn is BuiltInOperator {
  return (
    builtIn !== undefined &&
    NUMBER_VALIDATOR !== undefined &&
    builtIn.validator === NUMBER_VALIDATOR &&
    !isFactValue(node.value) &&
    builtIn.throwsOn(node.value) === 'objects'
  );
}

/** The reads of a leaf (the expected value's fact first, then the fact), and the expected value's expression. */
function leafReads(
  node: Node,
  ctx: CompileContext,
  b: ProgramBuilder,
): { reads: string[]; expected: string } {
  const value = node.value;
  if (isFactValue(value)) {
    return {
      reads: [
        factRead(value.fact, value.params, value.path, 'b', ctx, b),
        factRead(node.fact, node.params, node.path, 'a', ctx, b),
      ],
      expected: 'b',
    };
  }
  return { reads: [factRead(node.fact, node.params, node.path, 'a', ctx, b)], expected: b.constant(value) };
}

/** The built-in operator a leaf runs inline (not replaced by a plugin's), if any. */
function builtInOf(node: Node, ctx: CompileContext): BuiltInOperator | undefined {
  const name = node.operator as string;
  return ctx.builtIn(name) && Object.hasOwn(BUILT_IN, name) ? BUILT_IN[name] : undefined;
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
  const { reads, expected } = leafReads(node, ctx, b);
  const builtIn = builtInOf(node, ctx);
  if (isNumericTest(node, builtIn)) {
    const known = knownValue(node.fact, node.params, node.path, ctx, b);
    if (known !== undefined) {
      // a fast program: the value is a number or undefined, or the general program runs instead
      b.guardNumber(known);
      reads.push(builtIn.inline(expected));
      return `(${reads.join(', ')})`;
    }
  }
  const unrolled = builtIn ? unrolledList(node, b) : undefined;
  reads.push(unrolled ?? (builtIn ? inlineTest(builtIn, expected) : `${b.constant(op)}(a, ${expected})`));
  return `(${reads.join(', ')})`;
}

/** Lists of at most this many items are tested item by item. */
const UNROLL_ITEMS = 8;

/**
 * `in` / `notIn` against a short literal list, item by item: `b.indexOf(a) > -1` compares strictly, so
 * it is `a === b[0] || a === b[1] …`; the list must be frozen (as a loaded policy's are) and have no
 * holes, and each item is a constant of its own.
 */
function unrolledList(node: Node, b: ProgramBuilder): string | undefined {
  const list = node.value;
  const name = node.operator;
  if ((name !== 'in' && name !== 'notIn') || !Array.isArray(list) || !Object.isFrozen(list)) return undefined;
  if (list.length > UNROLL_ITEMS) return undefined;
  const items: string[] = [];
  for (let i = 0; i < list.length; i++) {
    if (!Object.hasOwn(list, i)) return undefined;
    items.push(b.constant(list[i]));
  }
  if (name === 'in') return items.length === 0 ? 'false' : `(${items.map((k) => `a === ${k}`).join(' || ')})`;
  return items.length === 0 ? 'true' : `(${items.map((k) => `a !== ${k}`).join(' && ')})`;
}

/**
 * What remains of a leaf whose result no longer matters (json-rules-engine still evaluates it, in the
 * same priority set): its fact reads, and its test only where the test could throw (a built-in operator
 * against a literal, on a fact value that is an object). `null` when the leaf must be evaluated whole
 * (plugin and decorated operators, fact-to-fact values, tests that may throw on any value).
 */
export function emitLeafSkip(node: Node, ctx: CompileContext, b: ProgramBuilder): string | null {
  const builtIn = builtInOf(node, ctx);
  if (!builtIn || isFactValue(node.value) || !ctx.operator(node.operator as string)) return null;
  const throwsOn = builtIn.throwsOn(node.value);
  if (throwsOn === 'anything') return null;
  if (throwsOn === 'nothing') return factTouch(node.fact, node.params, node.path, ctx, b);
  const known = knownValue(node.fact, node.params, node.path, ctx, b);
  if (known !== undefined) {
    // a fast program: an object there sends the evaluation to the general program
    b.guardPrimitive(known);
    return '';
  }
  const { reads, expected } = leafReads(node, ctx, b);
  const test = inlineTest(builtIn, expected);
  const fact = node.fact;
  if (!node.path && typeof fact === 'string' && ctx.facts.has(fact)) {
    const local = b.factLocal(fact, node.params === undefined ? EMPTY_PARAMS : node.params);
    // a fact read first is checked once per evaluation: an object there runs the rules on closures
    if (b.isReadFirst(local)) {
      b.guardPrimitive(local);
      return '';
    }
  }
  reads.push(`obj(a) && ${test}`);
  return `(${reads.join(', ')})`;
}

/**
 * The effect of reading a fact (with its path) whose value is not needed: the resolver is asked for it
 * if this evaluation has not yet; a key path's steps (own data properties) cannot throw and are left
 * out, a query or another resolver's path is resolved as when the value is needed.
 */
function factTouch(fact: unknown, params: unknown, path: unknown, ctx: CompileContext, b: ProgramBuilder) {
  if (typeof fact !== 'string' || !ctx.facts.has(fact)) return 'void 0';
  if (path && (ctx.resolvePath !== coreResolvePath || pathKeys(path as string) === null)) {
    return `(${factRead(fact, params, path, 'a', ctx, b)})`;
  }
  const p = params === undefined ? EMPTY_PARAMS : params;
  const local = b.factLocal(fact, p);
  return b.isReadFirst(local) ? '' : `(${local} === U && (${local} = ${b.read(fact, p)}))`;
}
