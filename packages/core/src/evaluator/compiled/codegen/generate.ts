import { INLINE_HELPERS } from '../../../policy/operator-table';
import type { TopLevelCondition } from '../../../policy/types';
import type { FactResolver } from '../../types';
import type { CompiledTop } from '../compile-top';
import type { CompileContext } from '../compiled-node';
import { AsyncFactSignal, isThenable } from '../fact-reader';
import { assembleSource } from './assemble';
import { certainReads } from './certain-reads';
import { emitTop } from './emit-condition';
import type { HELPERS } from './emit-leaf';
import { ProgramBuilder } from './program-builder';

/**
 * A candidate list compiled into one generated function. `run` returns one flag per rule, in order (a
 * new array); afterwards `pending` holds the indexes of the rules json-rules-engine must decide (async
 * facts), or `null`. Read it right after `run`, before anything else can run the program.
 */
export interface GeneratedProgram {
  run(facts: FactResolver): boolean[];
  pending: number[] | null;
  /** The generated source (for tests: it must contain nothing taken from the rule file). */
  readonly source: string;
}

/**
 * One rule to generate: its condition with its closures, built when first needed (called instead should a condition not be
 * generated), or `null` when the rule goes to json-rules-engine as a whole.
 */
export type GeneratedRule = { condition: TopLevelCondition; closures: () => CompiledTop } | null;

const UNREAD = Object.freeze({ unread: true });
const EMPTY_PARAMS: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>;

function read(facts: FactResolver, fact: string, params: Record<string, unknown>, rule: number): unknown {
  const v = facts.value(fact, params);
  if (isThenable(v)) throw new AsyncFactSignal(fact, rule);
  return v;
}

/**
 * Thrown before any rule when generated code cannot run this evaluation as written — a fact read first
 * is a thenable (`first`), or a value it assumed primitive is not (`slow`): the rules then run on their
 * closures instead.
 */
const ON_CLOSURES = Object.freeze({ onClosures: true });

function slow(): never {
  throw ON_CLOSURES;
}

function unknownOp(name: unknown): never {
  throw new Error(`Unknown operator: ${name}`);
}

/**
 * Generates the program of a candidate list. The text is made of identifiers and syntax produced
 * here only; every value from the rule file is a constant passed by reference to the factory
 * (`new Function('C', 'R', 'P', body)(constants, helpers, program)`), so nothing a rule file says
 * is ever parsed as code.
 */
export function generateProgram(rules: readonly GeneratedRule[], ctx: CompileContext): GeneratedProgram {
  const b = new ProgramBuilder();
  const cases: string[] = [];
  const deferred: number[] = [];
  for (const rule of rules) {
    if (rule)
      for (const r of certainReads(rule.condition, ctx)) b.readFirst(r.fact, r.params ?? EMPTY_PARAMS);
  }
  rules.forEach((rule, i) => {
    if (rule === null) deferred.push(i);
    b.rule = i;
    cases.push(rule === null ? `case ${i}:` : `case ${i}: out[${i}] = ${emitRule(rule, ctx, b)};`);
  });
  // No try/catch in the generated function (it would keep every local alive at every call): the
  // cases fall through from `start`, and a thrown AsyncFactSignal resumes after the rule that met it
  // (its `rule`, or `P.at` where a closure is called).
  const prologue = b.prologueStatements(); // before the constants are declared: it adds some
  const source = assembleSource(b, cases, prologue);
  // the values read first in this evaluation (so the closures, should they take over, read none again)
  const firstValues: unknown[] = [];
  let firstCount = 0;
  const first = (facts: FactResolver, fact: string, params: Record<string, unknown>, i: number) => {
    const v = facts.value(fact, params);
    firstCount = i;
    if (isThenable(v)) throw ON_CLOSURES;
    firstValues[i] = v;
    firstCount = i + 1;
    return v;
  };
  const helpers = {
    U: UNREAD,
    read,
    first,
    slow,
    hasOwn: Object.hasOwn,
    isArray: INLINE_HELPERS.isArray,
    num: INLINE_HELPERS.num,
    obj: INLINE_HELPERS.obj,
    resolve: ctx.resolvePath,
    unknownOp,
  } satisfies Record<(typeof HELPERS)[number], unknown>;
  const state = { at: 0 };
  // the source holds only identifiers made above; rule data reaches it by reference (C), never as text
  const factory = new Function('C', 'R', 'P', source) as (c: unknown, r: unknown, p: unknown) => RunFrom;
  const runFrom = factory(b.values(), helpers, state);
  const blank: boolean[] = rules.map(() => false);
  const program: GeneratedProgram = {
    pending: null,
    source,
    run(facts) {
      const out = blank.slice();
      let pending: number[] | null = deferred.length > 0 ? deferred.slice() : null;
      let start = 0;
      while (start < out.length) {
        try {
          runFrom(facts, out, start);
          break;
        } catch (error) {
          if (error === ON_CLOSURES) {
            const known = b.firstReads().slice(0, firstCount);
            pending = byClosures(rules, onceResolver(facts, known, firstValues), out);
            break;
          }
          if (!(error instanceof AsyncFactSignal)) throw error;
          const at = error.rule >= 0 ? error.rule : state.at;
          pending ??= [];
          pending.push(at);
          start = at + 1;
        }
      }
      if (pending !== null && deferred.length > 0) pending.sort((x, y) => x - y);
      program.pending = pending;
      return out;
    },
  };
  return program;
}

type RunFrom = (facts: FactResolver, out: boolean[], start: number) => void;

const readKey = (fact: string, params: unknown) => {
  try {
    return `${fact}\u0000${JSON.stringify(params ?? {})}`;
  } catch {
    return undefined;
  }
};

/**
 * `facts`, each (fact, params) asked at most once: the values already read first are given back, and
 * every other value is kept once read (params told apart by their JSON, as generated code does).
 */
function onceResolver(
  facts: FactResolver,
  known: ReadonlyArray<{ fact: string; params: unknown }>,
  values: readonly unknown[],
): FactResolver {
  const cache = new Map<string, unknown>();
  known.forEach(({ fact, params }, i) => {
    const key = readKey(fact, params);
    if (key !== undefined) cache.set(key, values[i]);
  });
  return {
    value(fact, params) {
      const key = readKey(fact, params);
      if (key === undefined) return facts.value(fact, params);
      if (cache.has(key)) return cache.get(key);
      const v = facts.value(fact, params);
      if (!isThenable(v)) cache.set(key, v);
      return v;
    },
  };
}

/**
 * The evaluation when generated code cannot run it (`ON_CLOSURES`): every rule on its closures, those
 * meeting a thenable (and those without closures) left to json-rules-engine, as their indexes.
 */
function byClosures(rules: readonly GeneratedRule[], facts: FactResolver, out: boolean[]): number[] | null {
  let pending: number[] | null = null;
  rules.forEach((rule, i) => {
    try {
      if (rule === null) throw new AsyncFactSignal('', i);
      out[i] = rule.closures().run(facts);
    } catch (error) {
      if (!(error instanceof AsyncFactSignal)) throw error;
      pending ??= [];
      pending.push(i);
    }
  });
  return pending;
}

/** The rule's expression; a condition that cannot be generated (malformed) runs its closures instead. */
function emitRule(rule: NonNullable<GeneratedRule>, ctx: CompileContext, b: ProgramBuilder): string {
  try {
    return emitTop(rule.condition, ctx, b);
  } catch {
    const { closures } = rule;
    return b.closureCall({ run: (facts: FactResolver) => closures().run(facts) });
  }
}
