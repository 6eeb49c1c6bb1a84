import { EngageLoopError } from '../errors/error';
import { localized } from '../errors/localized';
import type { Limits } from '../limits/limits';
import { measureJson, utf8Length } from '../limits/measure-json';
import { positionAt, tooDeepAt } from '../limits/text-depth';
import type { PolicyPart } from './source';

/** Bytes of policy text seen so far in one load (a folder's files add up). */
export interface ByteBudget {
  used: number;
}

function tooLarge(limits: Readonly<Limits>, file: string | undefined, pointer?: string): EngageLoopError {
  return new EngageLoopError('POLICY_TOO_LARGE', {
    message: localized(
      `The policy is larger than ${limits.policyBytes} bytes of JSON (limits.policyBytes).`,
      `策略超过 ${limits.policyBytes} 字节的 JSON（limits.policyBytes）。`,
    ),
    file,
    ...(file ? { line: 1, column: 1 } : {}),
    pointer,
    data: { limit: 'policyBytes', max: limits.policyBytes },
  });
}

function tooDeep(
  limits: Readonly<Limits>,
  options: { file?: string; line?: number; column?: number; pointer?: string },
) {
  const where = options.pointer === undefined ? '' : ` at "${options.pointer}"`;
  const zhWhere = options.pointer === undefined ? '' : `在 "${options.pointer}" 处`;
  return new EngageLoopError('POLICY_TOO_DEEP', {
    message: localized(
      `The policy is nested deeper than ${limits.policyDepth} levels${where} (limits.policyDepth).`,
      `策略${zhWhere}嵌套超过 ${limits.policyDepth} 层（limits.policyDepth）。`,
    ),
    ...options,
    data: { limit: 'policyDepth', max: limits.policyDepth },
  });
}

/**
 * Checks a policy text before it is parsed: its bytes (added to `budget`) within `policyBytes`, and
 * its bracket depth within `policyDepth` — one pass without recursion, so a 100,000-deep text is
 * reported at the line and column where it passes the limit instead of overflowing the parser.
 */
export function checkTextLimits(
  text: string,
  file: string | undefined,
  limits: Readonly<Limits>,
  budget: ByteBudget,
): EngageLoopError | undefined {
  budget.used += text.length > limits.policyBytes ? text.length : utf8Length(text);
  if (budget.used > limits.policyBytes) return tooLarge(limits, file);
  const at = tooDeepAt(text, limits.policyDepth);
  if (at >= 0) return tooDeep(limits, { file, ...positionAt(text, at) });
  return undefined;
}

/** The same checks for a policy given as an object (JSON bytes and depth, walked without recursion). */
export function checkObjectLimits(
  doc: unknown,
  file: string | undefined,
  limits: Readonly<Limits>,
): EngageLoopError | undefined {
  const measure = measureJson(doc, { maxBytes: limits.policyBytes, maxDepth: limits.policyDepth });
  if (measure.ok) return undefined;
  if (measure.problem === 'bytes') return tooLarge(limits, file, '');
  if (measure.problem === 'depth') return tooDeep(limits, { file, pointer: measure.pointer });
  return new EngageLoopError('POLICY_SCHEMA_INVALID', {
    message: localized(
      `"${measure.pointer}" is not JSON data (a class instance, a Date, a BigInt, or an object with an inherited prototype).`,
      `"${measure.pointer}" 不是 JSON 数据（类实例、Date、BigInt 或带继承原型的对象）。`,
    ),
    file,
    pointer: measure.pointer,
  });
}

/** `POLICY_TOO_LARGE` at the part whose rules pass `policyRules` (counted over every part), if any. */
export function checkRuleCount(
  parts: readonly PolicyPart[],
  limits: Readonly<Limits>,
): EngageLoopError | undefined {
  let count = 0;
  for (const part of parts) {
    const doc = part.doc;
    const rules =
      typeof doc === 'object' && doc !== null && Object.hasOwn(doc, 'rules')
        ? (doc as { rules: unknown }).rules
        : undefined;
    if (!Array.isArray(rules)) continue;
    count += rules.length;
    if (count > limits.policyRules) {
      const position = part.locate?.('/rules');
      return new EngageLoopError('POLICY_TOO_LARGE', {
        message: localized(
          `The policy has more than ${limits.policyRules} rules (limits.policyRules).`,
          `策略的规则超过 ${limits.policyRules} 条（limits.policyRules）。`,
        ),
        file: part.file,
        line: position?.line,
        column: position?.column,
        pointer: '/rules',
        data: { limit: 'policyRules', max: limits.policyRules },
      });
    }
  }
  return undefined;
}
