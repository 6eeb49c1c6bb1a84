import { EngageLoopError, toEngageLoopError } from '../errors/error';
import { localized } from '../errors/localized';
import { type Limits, resolveLimits } from '../limits/limits';
import { createRegistry, type Registry } from '../plugin/registry';
import type { Plugin } from '../plugin/types';
import { analyse } from './analyse';
import { type ByteBudget, checkObjectLimits, checkRuleCount, checkTextLimits } from './check-limits';
import { parseJson } from './locate';
import { toPolicy } from './normalize';
import { readPolicyTexts } from './read';
import type { PolicyPart } from './source';
import type { Policy, PolicyDocument } from './types';

/** What `loadPolicy` and `validatePolicy` check a policy against: the installed plugins, and size limits. */
export interface LoadPolicyOptions {
  /** The installed plugins, as a registry (preferred when an engine already has one)… */
  registry?: Registry;
  /** …or as a list (the core plugin is always included). Default: core only. */
  plugins?: Plugin[];
  /** File name used in error messages for a text or object input. */
  file?: string;
  /**
   * Size limits over `DEFAULT_LIMITS`: `policyBytes`, `policyRules` and `policyDepth` are checked
   * before the policy is parsed or compiled. A bad value throws `LIMITS_INVALID`.
   */
  limits?: Partial<Limits>;
}

/** The result of validating a policy; never thrown. */
export type PolicyValidation =
  | { ok: true; policy: Policy; warnings: EngageLoopError[] }
  | { ok: false; errors: EngageLoopError[] };

/** What was thrown, as its own words (`TypeError: …`). */
const thrownText = (cause: unknown): string =>
  cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);

function registryOf(options: LoadPolicyOptions): Registry {
  if (options.registry && options.plugins) {
    throw new EngageLoopError('PLUGIN_INVALID', {
      message: 'Pass either "registry" or "plugins", not both.',
    });
  }
  return options.registry ?? createRegistry(options.plugins ?? []);
}

/** What one load checks its inputs against. */
interface LoadContext {
  limits: Readonly<Limits>;
  budget: ByteBudget;
  errors: EngageLoopError[];
}

function partOfText(text: string, file: string | undefined, load: LoadContext): PolicyPart | undefined {
  const { errors } = load;
  const limit = checkTextLimits(text, file, load.limits, load.budget);
  if (limit) {
    errors.push(limit);
    return undefined;
  }
  const parsed = parseJson(text);
  if (parsed.ok) return { doc: parsed.value, file, locate: parsed.locate };
  for (const e of parsed.errors) {
    errors.push(
      new EngageLoopError('POLICY_JSON_INVALID', {
        message: localized(`Invalid JSON: ${e.message}.`, `JSON 无效：${e.text['zh-CN']}。`),
        file,
        line: e.line,
        column: e.column,
      }),
    );
  }
  return undefined;
}

function partOfObject(doc: unknown, file: string | undefined, load: LoadContext): PolicyPart | undefined {
  const limit = checkObjectLimits(doc, file, load.limits);
  if (!limit) return { doc, file };
  load.errors.push(limit);
  return undefined;
}

function validateParts(
  parts: Array<PolicyPart | undefined>,
  registry: Registry,
  load: LoadContext,
  files: string[],
): PolicyValidation {
  const { errors } = load;
  if (errors.length > 0) return { ok: false, errors };
  const present = parts.filter((p): p is PolicyPart => p !== undefined);
  const tooMany = checkRuleCount(present, load.limits);
  if (tooMany) return { ok: false, errors: [tooMany] };
  const analysis = analyse(present, registry, errors);
  if (errors.length > 0 || !analysis.merged) return { ok: false, errors };
  return { ok: true, policy: toPolicy(analysis, files), warnings: [] };
}

/** Anything a check throws (a bug, or a plugin's schema) becomes `POLICY_CHECK_FAILED`: validation never throws. */
function guarded(file: string | undefined, check: () => PolicyValidation): PolicyValidation {
  try {
    return check();
  } catch (cause) {
    const error =
      cause instanceof EngageLoopError
        ? cause
        : toEngageLoopError(cause, 'POLICY_CHECK_FAILED', {
            file,
            message: localized(
              `Checking the policy failed unexpectedly: ${thrownText(cause)}`,
              `检查策略时发生意外错误：${thrownText(cause)}`,
            ),
          });
    return { ok: false, errors: [error] };
  }
}

function invalid(errors: readonly EngageLoopError[]): EngageLoopError {
  const first = errors[0];
  const lines = (locale: 'en' | 'zh-CN') =>
    errors
      .slice(0, 20)
      .map((e) => e.format(locale))
      .join('\n');
  const more = errors.length - 20;
  return new EngageLoopError('POLICY_INVALID', {
    message: localized(
      `The policy has ${errors.length} error${errors.length === 1 ? '' : 's'}:\n${lines('en')}${more > 0 ? `\n… and ${more} more` : ''}`,
      `策略有 ${errors.length} 个错误：\n${lines('zh-CN')}${more > 0 ? `\n……另有 ${more} 个` : ''}`,
    ),
    errors,
    file: first?.file,
    line: first?.line,
    column: first?.column,
    pointer: first?.pointer,
  });
}

/**
 * Validates a policy given as an object or JSON text, with every check the loader makes.
 * Never throws for bad input: returns `{ ok: false, errors }` listing every error found. Size and
 * nesting (`options.limits`) are checked first, without recursion; anything unexpected thrown while
 * checking is returned as `POLICY_CHECK_FAILED`.
 */
export function validatePolicy(
  input: PolicyDocument | string | unknown,
  options: LoadPolicyOptions = {},
): PolicyValidation {
  const registry = registryOf(options);
  const load: LoadContext = { limits: resolveLimits(options.limits), budget: { used: 0 }, errors: [] };
  const files = options.file ? [options.file] : [];
  return guarded(options.file, () => {
    const part =
      typeof input === 'string'
        ? partOfText(input, options.file, load)
        : partOfObject(input, options.file, load);
    return validateParts([part], registry, load, files);
  });
}

/** Like `validatePolicy`, for a file or a folder of `.json` files (merged in file-name order). */
export async function validatePolicyPath(
  path: string,
  options: LoadPolicyOptions = {},
): Promise<PolicyValidation> {
  const registry = registryOf(options);
  const load: LoadContext = { limits: resolveLimits(options.limits), budget: { used: 0 }, errors: [] };
  let texts: Array<{ file: string; text: string }>;
  try {
    texts = await readPolicyTexts(path, load.limits.policyBytes);
  } catch (error) {
    return guarded(path, () => {
      throw error;
    });
  }
  return guarded(path, () => {
    const parts = texts.map(({ file, text }) => partOfText(text, file, load));
    return validateParts(
      parts,
      registry,
      load,
      texts.map((t) => t.file),
    );
  });
}

/**
 * Loads a policy (object or JSON text) into an immutable `Policy`. All-or-nothing: throws
 * `POLICY_INVALID` whose `errors` lists every error (each with file, line, column, pointer).
 *
 * @example
 * const policy = loadPolicy(fs.readFileSync('policy.json', 'utf8'), { plugins: [incentives()], file: 'policy.json' });
 */
export function loadPolicy(
  input: PolicyDocument | string | unknown,
  options: LoadPolicyOptions = {},
): Policy {
  const result = validatePolicy(input, options);
  if (!result.ok) throw invalid(result.errors);
  return result.policy;
}

/**
 * Loads a policy from a `.json` file or a folder of them (rules concatenated in file-name order).
 * Throws `POLICY_INVALID` listing every error, or `POLICY_READ_FAILED` inside it when unreadable.
 *
 * @example
 * const policy = await loadPolicyPath('policy/', { plugins: [incentives(), replies()] });
 */
export async function loadPolicyPath(path: string, options: LoadPolicyOptions = {}): Promise<Policy> {
  const result = await validatePolicyPath(path, options);
  if (!result.ok) throw invalid(result.errors);
  return result.policy;
}
