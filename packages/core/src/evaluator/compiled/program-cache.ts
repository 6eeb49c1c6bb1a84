import type { NormalizedRule } from '../../policy/types';
import { type GeneratedProgram, type GeneratedRule, generateProgram } from './codegen/generate';
import type { CompileContext } from './compiled-node';

/** Distinct candidate lists kept per policy before the cache starts over (variants make subsets). */
const PROGRAM_LIMIT = 512;

/**
 * Generated programs per candidate list: by the list's identity first (the runtime caches its lists),
 * then by which rules it holds, in order (a list rebuilt per dispatch, e.g. after variant filtering,
 * finds the program generated for the same rules).
 */
export function createProgramCache(
  ctx: CompileContext,
  condition: (rule: NormalizedRule) => GeneratedRule,
): (candidates: readonly NormalizedRule[]) => GeneratedProgram {
  const byList = new WeakMap<readonly NormalizedRule[], GeneratedProgram>();
  const byKey = new Map<string, GeneratedProgram>();
  const ruleNumbers = new WeakMap<NormalizedRule, number>();
  let next = 0;
  // the list asked for last (the engine asks for the same few lists again and again)
  let lastList: readonly NormalizedRule[] | undefined;
  let lastProgram: GeneratedProgram | undefined;
  return (candidates) => {
    if (candidates === lastList) return lastProgram as GeneratedProgram;
    let program = byList.get(candidates);
    if (program) {
      lastList = candidates;
      lastProgram = program;
      return program;
    }
    let key = '';
    for (const rule of candidates) {
      let n = ruleNumbers.get(rule);
      if (n === undefined) {
        n = next++;
        ruleNumbers.set(rule, n);
      }
      key += `${n},`;
    }
    program = byKey.get(key);
    if (!program) {
      program = generateProgram(candidates.map(condition), ctx);
      if (byKey.size >= PROGRAM_LIMIT) byKey.clear();
      byKey.set(key, program);
    }
    byList.set(candidates, program);
    lastList = candidates;
    lastProgram = program;
    return program;
  };
}
