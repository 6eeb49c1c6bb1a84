import type { ErrorCode } from '../errors/codes';
import type { EngageLoopError } from '../errors/error';
import { join, localized, suggestionIn } from '../errors/localized';
import type { Registry } from '../plugin/registry';
import { didYouMean } from './did-you-mean';
import { checkOperator } from './operators';
import { pathProblem } from './path';
import { toPointer } from './pointer';
import { isPlainObject } from './safe-object';
import type { ProblemOptions } from './source';

/** What condition checks need: the registry, the named conditions, and where to report. */
export interface ConditionScope {
  registry: Registry;
  operators: ReadonlySet<string>;
  decorators: ReadonlySet<string>;
  names: ReadonlySet<string>;
  ruleId?: string;
  report(code: ErrorCode, pointer: string, options: ProblemOptions): void;
  /** Relocates a registry error (pointer relative to `base`). */
  forward(error: EngageLoopError, base: string): void;
}

/** A `{ condition: name }` reference found in a tree. */
export interface ConditionRef {
  name: string;
  pointer: string;
}

function checkFact(
  scope: ConditionScope,
  fact: unknown,
  params: unknown,
  pointer: string,
  field: string,
): void {
  if (typeof fact !== 'string') return;
  const entry = scope.registry.fact(fact);
  if (!entry) {
    const suggestion = didYouMean(fact, scope.registry.factNames);
    scope.report('RULE_FACT_UNKNOWN', `${pointer}/${field}`, {
      message: join(localized(`unknown fact "${fact}"`, `未知的事实 "${fact}"`), suggestionIn(suggestion)),
      suggestion,
      ruleId: scope.ruleId,
    });
    return;
  }
  for (const error of entry.validate(params, `${pointer}/params`)) scope.forward(error, '');
}

/** A `path` json-rules-engine would resolve differently, or only by running code, does not load. */
function checkPath(scope: ConditionScope, path: unknown, pointer: string): void {
  if (typeof path !== 'string' || path === '') return;
  const problem = pathProblem(path);
  if (!problem) return;
  scope.report('RULE_PATH_UNSUPPORTED', pointer, {
    message: join(
      localized(`unsupported path "${path}": `, `不支持的路径 "${path}"：`),
      problem.texts.reason,
      localized('; ', '；'),
      problem.texts.hint,
    ),
    ruleId: scope.ruleId,
    data: { path, token: problem.token, hint: problem.hint },
  });
}

function checkLeaf(scope: ConditionScope, leaf: Record<string, unknown>, pointer: string): void {
  checkFact(scope, leaf.fact, leaf.params, pointer, 'fact');
  checkPath(scope, leaf.path, `${pointer}/path`);
  if (typeof leaf.operator === 'string') {
    const result = checkOperator(leaf.operator, scope.operators, scope.decorators);
    if (!result.ok) {
      const what =
        result.kind === 'decorator'
          ? localized('operator decorator', '运算符修饰前缀')
          : localized('operator', '运算符');
      // `in "not:equl"` only when the unknown part is not the whole operator.
      const whole = result.name === leaf.operator;
      scope.report('RULE_OPERATOR_UNKNOWN', `${pointer}/operator`, {
        message: join(
          localized(
            `unknown ${what.en} "${result.name}"${whole ? '' : ` in "${leaf.operator}"`}`,
            `${whole ? '' : `"${leaf.operator}" 中有`}未知的${what['zh-CN']} "${result.name}"`,
          ),
          suggestionIn(result.suggestion),
        ),
        suggestion: result.suggestion,
        ruleId: scope.ruleId,
      });
    }
  }
  const value = leaf.value;
  if (isPlainObject(value) && Object.hasOwn(value, 'fact')) {
    checkFact(scope, value.fact, value.params, `${pointer}/value`, 'fact');
    checkPath(scope, value.path, `${pointer}/value/path`);
  }
}

/**
 * Walks a condition tree (already structurally valid) and reports unknown facts, operators and
 * named conditions; collects `{ condition }` references into `refs` for cycle detection.
 */
export function checkCondition(
  scope: ConditionScope,
  condition: unknown,
  pointer: string,
  refs: ConditionRef[],
): void {
  if (!isPlainObject(condition)) return;
  for (const key of ['all', 'any'] as const) {
    const list = Object.hasOwn(condition, key) ? condition[key] : undefined;
    if (Array.isArray(list)) {
      for (const [i, child] of list.entries())
        checkCondition(scope, child, `${pointer}${toPointer([key, i])}`, refs);
      return;
    }
  }
  if (Object.hasOwn(condition, 'not')) {
    checkCondition(scope, condition.not, `${pointer}/not`, refs);
    return;
  }
  if (Object.hasOwn(condition, 'condition')) {
    const name = condition.condition;
    if (typeof name !== 'string') return;
    refs.push({ name, pointer: `${pointer}/condition` });
    if (!scope.names.has(name)) {
      const suggestion = didYouMean(name, scope.names);
      scope.report('RULE_CONDITION_UNKNOWN', `${pointer}/condition`, {
        message: join(
          localized(`unknown named condition "${name}"`, `未知的命名条件 "${name}"`),
          suggestionIn(suggestion),
        ),
        suggestion,
        ruleId: scope.ruleId,
      });
    }
    return;
  }
  checkLeaf(scope, condition, pointer);
}
