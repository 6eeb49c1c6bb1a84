import type { ErrorCode } from '../errors/codes';
import { EngageLoopError } from '../errors/error';
import type { Locator } from './locate';

/** One input document of a policy: a file, a text, an object, or a plugin's default rules. */
export interface PolicyPart {
  doc: unknown;
  /** File name for messages (or `plugin:<name>` for default rules). */
  file?: string;
  /** Maps pointers to line/column; absent for objects given in memory. */
  locate?: Locator;
  /** Set for a plugin's default rules. */
  plugin?: string;
}

export interface ProblemOptions {
  message?: string;
  /** Point at the property's key rather than its value. */
  key?: boolean;
  ruleId?: string;
  plugin?: string;
  suggestion?: string;
  data?: Record<string, unknown>;
}

/** A human-readable place: `rules/vip.json:14:9`, or the pointer when there is no file. */
export function placeOf(part: PolicyPart, pointer: string, key = false): string {
  const position = part.locate?.(pointer, { key });
  if (part.file && position) return `${part.file}:${position.line}:${position.column}`;
  if (part.file) return `${part.file} at "${pointer}"`;
  return `"${pointer}"`;
}

/** An error located in a part: file, line and column (when known) and the pointer. */
export function problemAt(
  part: PolicyPart,
  code: ErrorCode,
  pointer: string,
  options: ProblemOptions = {},
): EngageLoopError {
  const position = part.locate?.(pointer, { key: options.key ?? false });
  const data =
    options.suggestion !== undefined ? { ...options.data, suggestion: options.suggestion } : options.data;
  return new EngageLoopError(code, {
    message: options.message,
    file: part.file,
    line: position?.line,
    column: position?.column,
    pointer,
    ruleId: options.ruleId,
    plugin: options.plugin ?? part.plugin,
    data,
  });
}

/** Re-locates an error produced relative to a pointer base (e.g. effect params) into a part. */
export function relocate(
  part: PolicyPart,
  error: EngageLoopError,
  base: string,
  ruleId?: string,
): EngageLoopError {
  return problemAt(part, error.code, base + (error.pointer ?? ''), {
    message: error.message,
    ruleId,
    plugin: error.plugin,
    key: error.message.startsWith('Unknown property') || error.message.startsWith('The property name'),
    data: error.data,
  });
}
