import { EngageLoopError } from '../errors/error';
import { localized } from '../errors/localized';
import { createRegistry, type Registry } from '../plugin/registry';
import type { Plugin } from '../plugin/types';
import { analyse } from './analyse';
import { parseJson } from './locate';
import { toPolicy } from './normalize';
import { readPolicyTexts } from './read';
import type { PolicyPart } from './source';
import type { Policy, PolicyDocument } from './types';

export interface LoadPolicyOptions {
  /** The installed plugins, as a registry (preferred when an engine already has one)… */
  registry?: Registry;
  /** …or as a list (the core plugin is always included). Default: core only. */
  plugins?: Plugin[];
  /** File name used in error messages for a text or object input. */
  file?: string;
}

/** The result of validating a policy; never thrown. */
export type PolicyValidation =
  | { ok: true; policy: Policy; warnings: EngageLoopError[] }
  | { ok: false; errors: EngageLoopError[] };

function registryOf(options: LoadPolicyOptions): Registry {
  if (options.registry && options.plugins) {
    throw new EngageLoopError('PLUGIN_INVALID', {
      message: 'Pass either "registry" or "plugins", not both.',
    });
  }
  return options.registry ?? createRegistry(options.plugins ?? []);
}

function partOfText(
  text: string,
  file: string | undefined,
  errors: EngageLoopError[],
): PolicyPart | undefined {
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

function validateParts(
  parts: Array<PolicyPart | undefined>,
  registry: Registry,
  errors: EngageLoopError[],
  files: string[],
): PolicyValidation {
  const present = parts.filter((p): p is PolicyPart => p !== undefined);
  const analysis = analyse(present, registry, errors);
  if (errors.length > 0 || !analysis.merged) return { ok: false, errors };
  return { ok: true, policy: toPolicy(analysis, files), warnings: [] };
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
 * Never throws for bad input: returns `{ ok: false, errors }` listing every error found.
 */
export function validatePolicy(
  input: PolicyDocument | string | unknown,
  options: LoadPolicyOptions = {},
): PolicyValidation {
  const registry = registryOf(options);
  const errors: EngageLoopError[] = [];
  const files = options.file ? [options.file] : [];
  const part =
    typeof input === 'string' ? partOfText(input, options.file, errors) : { doc: input, file: options.file };
  return validateParts([part], registry, errors, files);
}

/** Like `validatePolicy`, for a file or a folder of `.json` files (merged in file-name order). */
export async function validatePolicyPath(
  path: string,
  options: LoadPolicyOptions = {},
): Promise<PolicyValidation> {
  const registry = registryOf(options);
  let texts: Array<{ file: string; text: string }>;
  try {
    texts = await readPolicyTexts(path);
  } catch (error) {
    if (error instanceof EngageLoopError) return { ok: false, errors: [error] };
    throw error;
  }
  const errors: EngageLoopError[] = [];
  const parts = texts.map(({ file, text }) => partOfText(text, file, errors));
  return validateParts(
    parts,
    registry,
    errors,
    texts.map((t) => t.file),
  );
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
