import { hasOwn } from '../../../has-own';
import { INLINE_HELPERS } from '../../../policy/operator-table';
import { resolvePath as coreResolvePath, pathKeys } from '../../../policy/path';
import type { FactResolver } from '../../types';
import type { CompileContext } from '../compiled-node';
import { AsyncFactSignal, isThenable } from '../fact-reader';
import { assembleFast, assembleSource } from './assemble';
import { certainReads } from './certain-reads';
import { emitTop } from './emit-condition';
import type { HELPERS } from './emit-leaf';
import { type GateCache, gateOf } from './gates';
import {
  type GeneralParts,
  type GeneratedRule,
  ON_CLOSURES,
  onceResolver,
  type RunFrom,
  runGeneral,
  slow,
} from './general';

export type { GeneratedRule };

import { ProgramBuilder } from './program-builder';

/**
 * A candidate list compiled into generated code. `run` returns one flag per rule, in order (a new
 * array); afterwards `pending` holds the indexes of the rules json-rules-engine must decide (async
 * facts), or `null`. Read it right after `run`, before anything else can run the program.
 */
export interface GeneratedProgram {
  run(facts: FactResolver): boolean[];
  /**
   * `run`, with the flags packed in a number (bit i: rule i fired) when the list has at most
   * `BITS_LIMIT` rules and no rule is pending; otherwise the flags as `run` gives them (a new array).
   */
  bits(facts: FactResolver): number | boolean[];
  pending: number[] | null;
  /** The generated source, fast and general program (for tests: nothing in it is taken from the rule file). */
  readonly source: string;
}

const UNREAD = Object.freeze({ unread: true });
const EMPTY_PARAMS: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>;

function read(facts: FactResolver, fact: string, params: Record<string, unknown>, rule: number): unknown {
  const v = facts.value(fact, params);
  if (isThenable(v)) throw new AsyncFactSignal(fact, rule);
  return v;
}

function unknownOp(name: unknown): never {
  throw new Error(`Unknown operator: ${name}`);
}

/** The most rules whose flags `bits` packs in a number (a small integer: no allocation). */
export const BITS_LIMIT = 30;

/** After this many evaluations sent to the general program (and a quarter of all), a list keeps to it. */
const BAIL_LIMIT = 64;

/**
 * Generates the program of a candidate list: a fast program, and — generated the first time an
 * evaluation needs it — the general one. The text is made of identifiers and syntax produced here
 * only; every value from the rule file is a constant passed by reference to the factory
 * (`new Function('C', 'R', 'P', body)(constants, helpers, program)`), so nothing a rule file says
 * is ever parsed as code.
 *
 * The fast program reads the facts every evaluation reads first, computes their paths, and assumes
 * what it checked there (no thenable, numbers where compared as numbers); the general program
 * assumes nothing and can resume after any rule (a thenable met later hands that rule to
 * json-rules-engine). Both give json-rules-engine's results, and read each (fact, params) once.
 */
export function generateProgram(rules: readonly GeneratedRule[], ctx: CompileContext): GeneratedProgram {
  const deferred: number[] = [];
  rules.forEach((rule, i) => {
    if (rule === null) deferred.push(i);
  });
  const b = new ProgramBuilder(true);
  const lines = emitCases(rules, ctx, b, false);
  const prologue = b.fastPrologue(); // before the constants are declared: it adds some
  const source = assembleFast(b, lines, prologue);
  let general: GeneralParts | undefined;
  let generalSource = '';
  const generalParts = () => {
    if (!general) {
      const g = instantiateGeneral(rules, ctx);
      general = g.parts;
      generalSource = g.source;
    }
    return general;
  };
  // the evaluation being run, for `bail` (the fast program calls it with what it read)
  let pending: number[] | null = null;
  let runs = 0;
  let bails = 0;
  let onGeneral = false;
  const factReads = b.factReads();
  const bail = (error: unknown, facts: FactResolver, out: boolean[], values: readonly unknown[]) => {
    if (error !== null && !(error instanceof AsyncFactSignal)) throw error;
    const g = generalParts();
    const once = onceResolver(facts, factReads, values, UNREAD);
    let start = 0;
    if (error instanceof AsyncFactSignal) {
      const at = error.rule >= 0 ? error.rule : state.at;
      pending ??= [];
      pending.push(at);
      start = at + 1;
    } else if (++bails >= BAIL_LIMIT && bails * 4 >= runs) {
      onGeneral = true;
    }
    pending = runGeneral(g, once, out, start, pending);
  };
  const state = { at: 0, bail };
  const runFast = instantiate(source, b, ctx, state) as (facts: FactResolver, out: boolean[]) => void;
  const blank: boolean[] = rules.map(() => false);
  const exec = (facts: FactResolver, out: boolean[]) => {
    pending = deferred.length > 0 ? deferred.slice() : null;
    runs++;
    if (onGeneral) pending = runGeneral(generalParts(), facts, out, 0, pending);
    else runFast(facts, out);
    if (pending !== null && deferred.length > 0) pending.sort((x, y) => x - y);
    program.pending = pending;
  };
  // `bits` runs into this array and packs it before returning: it never leaves the call. `busy` while
  // in use (a fact resolver could run this program again from inside): a nested call takes a new array.
  const scratch = blank.slice();
  let busy = false;
  const run = (facts: FactResolver): boolean[] => {
    const out = blank.slice();
    exec(facts, out);
    return out;
  };
  const bits = (facts: FactResolver): number | boolean[] => {
    if (busy || scratch.length > BITS_LIMIT) return run(facts);
    busy = true;
    try {
      for (let i = 0; i < scratch.length; i++) scratch[i] = false;
      exec(facts, scratch);
    } finally {
      busy = false;
    }
    if (program.pending !== null) return scratch.slice();
    let packed = 0;
    for (let i = 0; i < scratch.length; i++) if (scratch[i]) packed |= 1 << i;
    return packed;
  };
  const program = new Program(run, bits, () => {
    generalParts();
    return `${source}\n${generalSource}`;
  });
  return program;
}

/**
 * A `GeneratedProgram`: every program of one shape (V8 keeps an object literal's getter in its hidden class, so
 * literals each holding their own `source` getter had a hidden class each, and the evaluator's reads of `bits`
 * and `pending` and the write of `pending`, over the policy's dozens of programs, went megamorphic).
 */
class Program implements GeneratedProgram {
  pending: number[] | null = null;
  readonly run: (facts: FactResolver) => boolean[];
  readonly bits: (facts: FactResolver) => number | boolean[];
  readonly #source: () => string;

  constructor(
    run: (facts: FactResolver) => boolean[],
    bits: (facts: FactResolver) => number | boolean[],
    source: () => string,
  ) {
    this.run = run;
    this.bits = bits;
    this.#source = source;
  }

  get source(): string {
    return this.#source();
  }
}

/** Every rule's line (`out[i] = …;`, or `case i: …` in a general program) — facts read first declared. */
function emitCases(rules: readonly GeneratedRule[], ctx: CompileContext, b: ProgramBuilder, labels: boolean) {
  for (const rule of rules) {
    if (!rule) continue;
    for (const r of certainReads(rule.condition, ctx)) {
      const params = r.params ?? EMPTY_PARAMS;
      b.readFirst(r.fact, params);
      const keys =
        b.fast && r.path && ctx.resolvePath === coreResolvePath ? pathKeys(r.path as string) : null;
      if (keys !== null && keys.length > 0) b.eagerPath(b.factLocal(r.fact, params), keys);
    }
  }
  const gateCache: GateCache = new WeakMap();
  const gates = rules.map((rule) => (rule === null ? null : gateOf(rule.condition, ctx, b, gateCache)));

  const lines = rules.map((rule, i) => {
    b.rule = i;
    const line = rule === null ? '' : `out[${i}] = ${emitRule(rule, ctx, b)};`;
    return labels ? `case ${i}: ${line}` : line;
  });
  return gated(lines, gates);
}

/** Rules sharing a gate are skipped together only when there are at least this many (one test for them all). */
const GATE_RULES = 2;

/**
 * Rules with the same gate (`gates.ts`) in one block entered only when one of its values is present:
 * while all are absent the rules are skipped, their flags left `false`. A block stands where its first
 * rule stood: gated rules read and throw nothing, so computing one earlier changes nothing (never
 * later: a thenable met by a rule resumes the general program after that rule).
 */
function gated(lines: readonly string[], gates: ReadonlyArray<string[] | null>): string[] {
  const groups = new Map<string, number[]>();
  gates.forEach((gate, i) => {
    if (!gate) return;
    const key = gate.join(',');
    const group = groups.get(key);
    if (group) group.push(i);
    else groups.set(key, [i]);
  });
  const out: string[] = [];
  const placed = new Set<number>();
  lines.forEach((line, i) => {
    if (placed.has(i)) return;
    const gate = gates[i];
    const group = gate ? (groups.get(gate.join(',')) as number[]) : undefined;
    if (!gate || !group || group.length < GATE_RULES) {
      out.push(line);
      return;
    }
    for (const j of group) placed.add(j);
    const test = gate.map((local) => `${local} !== void 0`).join(' || ');
    out.push([`if (${test}) {`, ...group.map((j) => lines[j] as string), '}'].join('\n'));
  });
  return out;
}

/** The factory's helpers, and the factory called: `new Function` over text holding no rule data. */
function instantiate(source: string, b: ProgramBuilder, ctx: CompileContext, state: object): unknown {
  return instantiateWith(source, b, ctx, state, () => {
    throw ON_CLOSURES;
  });
}

function instantiateWith(
  source: string,
  b: ProgramBuilder,
  ctx: CompileContext,
  state: object,
  first: (facts: FactResolver, fact: string, params: Record<string, unknown>, i: number) => unknown,
): unknown {
  const helpers = {
    U: UNREAD,
    read,
    first,
    slow,
    hasOwn,
    isArray: INLINE_HELPERS.isArray,
    num: INLINE_HELPERS.num,
    obj: INLINE_HELPERS.obj,
    resolve: ctx.resolvePath,
    unknownOp,
  } satisfies Record<(typeof HELPERS)[number], unknown>;
  // the source holds only identifiers made above; rule data reaches it by reference (C), never as text
  const factory = new Function('C', 'R', 'P', source) as (c: unknown, r: unknown, p: unknown) => unknown;
  return factory(b.values(), helpers, state);
}

/**
 * The general program: every rule a `case` of one `switch` the run enters at `start`; facts read first
 * through `first` (which records them, should the closures take over); no try/catch (the cases fall
 * through from `start`, and a thrown AsyncFactSignal resumes after the rule that met it).
 */
function instantiateGeneral(rules: readonly GeneratedRule[], ctx: CompileContext) {
  const b = new ProgramBuilder(false);
  const cases = emitCases(rules, ctx, b, true);
  const source = assembleSource(b, cases, b.prologueStatements());
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
  const state = { at: 0, bail: null };
  const runFrom = instantiateWith(source, b, ctx, state, first) as RunFrom;
  const parts: GeneralParts = {
    rules,
    runFrom,
    firstReads: () => b.firstReads(),
    firstValues,
    firstCount: () => firstCount,
    state,
  };
  return { parts, source };
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
