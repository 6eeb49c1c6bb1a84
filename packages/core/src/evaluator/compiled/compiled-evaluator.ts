import type { NormalizedRule, Stage, TopLevelCondition } from '../../policy/types';
import { jsonRulesEngineEvaluator } from '../json-rules-engine';
import type { Evaluator, EvaluatorInput, FactResolver, PreparedRules, RuleEvaluation } from '../types';
import { type GeneratedProgram, generateProgram } from './codegen/generate';
import { type CompiledTop, compileTop, needsFallback } from './compile-top';
import type { CompileContext } from './compiled-node';
import { AsyncFactSignal } from './fact-reader';
import { createOperatorTable } from './operators';
import { createProgramCache } from './program-cache';

const NAME = 'compiled';
const JRE = 'json-rules-engine';

/**
 * The compiled evaluator. At first use, each candidate list becomes ONE generated JS function with
 * exactly json-rules-engine's semantics (operators and decorators, priority-ordered short-circuit,
 * `allowUndefinedFacts`, own-property paths), each fact read at most once per evaluation. The source
 * holds only identifiers we make: rule data is passed to it by reference, never parsed as code.
 * With a trace, rules run as closures that record every condition. Rules reading an async fact — or
 * meeting a thenable fact value at run time — are evaluated by json-rules-engine instead, named per rule.
 *
 * @example
 * const engine = createEngine({ plugins, policy, evaluator: compiledEvaluator() });
 */
export function compiledEvaluator(): Evaluator {
  return { name: NAME, prepare: (input) => prepareCompiled(input) };
}

/** The generated source for a candidate list of a prepared compiled evaluator (tests only). */
export function generatedSource(prepared: PreparedRules, candidates: readonly NormalizedRule[]): string {
  const programFor = sources.get(prepared);
  if (!programFor) throw new TypeError('not a prepared compiled evaluator');
  return programFor(candidates).source;
}

const sources = new WeakMap<PreparedRules, (candidates: readonly NormalizedRule[]) => GeneratedProgram>();

function prepareCompiled(input: EvaluatorInput): PreparedRules {
  const table = createOperatorTable(input.operators);
  const ctx: CompileContext = {
    named: input.conditions,
    facts: input.facts,
    resolvePath: input.resolvePath,
    operator: (name: string) => table.get(name),
    builtIn: (name: string) => !Object.hasOwn(input.operators, name),
  };
  const asyncFacts = input.asyncFacts ?? new Set<string>();
  let jre: PreparedRules | undefined;
  const reference = () => {
    jre ??= jsonRulesEngineEvaluator().prepare(input);
    return jre;
  };
  /** Closures per condition (trace path); `null` when the condition reads an async fact. */
  const closures = new WeakMap<object, CompiledTop | null>();
  const closuresFor = (condition: TopLevelCondition): CompiledTop | null => {
    let compiled = closures.get(condition);
    if (compiled === undefined) {
      compiled = needsFallback(condition, input.conditions, asyncFacts) ? null : compileTop(condition, ctx);
      closures.set(condition, compiled);
    }
    return compiled;
  };
  const programFor = createProgramCache(ctx, (rule) => {
    // the closures are built only if ever needed (trace, fallback): setup generates code only
    if (needsFallback(rule.conditions, input.conditions, asyncFacts)) return null;
    return { condition: rule.conditions, closures: () => closuresFor(rule.conditions) as CompiledTop };
  });
  const adHoc = new WeakMap<object, GeneratedProgram>();

  /** Runs the generated program; `pending` lists the rules json-rules-engine must decide. */
  const runProgram = (candidates: readonly NormalizedRule[], facts: FactResolver) => {
    const program = programFor(candidates);
    const flags = program.run(facts);
    return { flags, pending: program.pending };
  };

  const traced = (stage: Stage, candidates: readonly NormalizedRule[], facts: FactResolver) => {
    const out: RuleEvaluation[] = [];
    const fallback: NormalizedRule[] = [];
    for (const rule of candidates) {
      const compiled = closuresFor(rule.conditions);
      const r = compiled ? tracedRun(compiled, facts) : null;
      if (r) out.push({ ruleId: rule.id, fired: r.result, evaluator: NAME, condition: r.trace });
      else fallback.push(rule);
    }
    return withReference(stage, fallback, facts, true, out);
  };

  const withReference = (
    stage: Stage,
    fallback: NormalizedRule[],
    facts: FactResolver,
    trace: boolean,
    out: RuleEvaluation[],
  ): RuleEvaluation[] | Promise<RuleEvaluation[]> => {
    if (fallback.length === 0) return out;
    return Promise.resolve(reference().evaluate(stage, fallback, facts, { trace })).then((rest) => {
      for (const r of rest) out.push({ ...r, evaluator: JRE });
      return out;
    });
  };

  /** json-rules-engine decides the `pending` rules; their flags are set in `flags` when it has. */
  const decideLater = (
    stage: Stage,
    candidates: readonly NormalizedRule[],
    facts: FactResolver,
    flags: boolean[],
    pending: readonly number[],
  ): Promise<boolean[]> => {
    const fallback = pending.map((i) => candidates[i] as NormalizedRule);
    return Promise.resolve(reference().evaluate(stage, fallback, facts, { trace: false })).then((rest) => {
      const at = new Map(pending.map((i) => [(candidates[i] as NormalizedRule).id, i]));
      for (const r of rest) {
        const i = at.get(r.ruleId);
        if (i !== undefined) flags[i] = r.fired;
      }
      return flags;
    });
  };

  const prepared: PreparedRules = {
    evaluator: NAME,
    fired(stage, candidates, facts) {
      const program = programFor(candidates);
      const flags = program.run(facts);
      const pending = program.pending;
      return pending === null ? flags : decideLater(stage, candidates, facts, flags, pending);
    },
    firedBits(stage, candidates, facts) {
      const program = programFor(candidates);
      const flags = program.bits(facts);
      const pending = program.pending;
      if (typeof flags === 'number' || pending === null) return flags;
      return decideLater(stage, candidates, facts, flags, pending);
    },
    evaluate(stage, candidates, facts, options) {
      if (options.trace) return traced(stage, candidates, facts);
      const { flags, pending } = runProgram(candidates, facts);
      const out: RuleEvaluation[] = [];
      for (let i = 0; i < candidates.length; i++) {
        if (pending?.includes(i)) continue;
        out.push({ ruleId: (candidates[i] as NormalizedRule).id, fired: flags[i] === true, evaluator: NAME });
      }
      const fallback = pending ? pending.map((i) => candidates[i] as NormalizedRule) : [];
      return withReference(stage, fallback, facts, false, out);
    },
    evaluateCondition(condition, facts, options) {
      const compiled = closuresFor(condition);
      if (compiled && options.trace) {
        const r = tracedRun(compiled, facts);
        if (r) return r;
      } else if (compiled) {
        let program = adHoc.get(condition);
        if (!program) {
          program = generateProgram([{ condition, closures: () => compiled }], ctx);
          adHoc.set(condition, program);
        }
        const flags = program.run(facts);
        if (program.pending === null) return { result: flags[0] === true };
      }
      return reference().evaluateCondition(condition, facts, options);
    },
  };
  sources.set(prepared, programFor);
  return prepared;
}

/** Runs a condition's closures with its trace; `null` means "hand it to json-rules-engine". */
function tracedRun(compiled: CompiledTop, facts: FactResolver) {
  try {
    const t = compiled.traced(facts);
    return { result: t.result, trace: t.trace };
  } catch (error) {
    if (error instanceof AsyncFactSignal) return null;
    throw error;
  }
}
