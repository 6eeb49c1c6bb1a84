import type { ErrorCode } from '../errors/codes';
import { EngageLoopError, type ProblemDetail } from '../errors/error';
import type { MessageText } from '../errors/localized';
import type { Locator } from './locate';
import { prefixPlace, sayInWords } from './place-words';

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
  /**
   * English only, or in every message locale; a message in every locale is prefixed with its place in
   * words (`rule "r", effect 2: …`).
   */
  message?: string | MessageText;
  /** What the problem says about a place, without naming it: the message names the place in words. */
  detail?: ProblemDetail;
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
  const message = options.detail
    ? sayInWords(part.doc, options.detail)
    : typeof options.message === 'object'
      ? prefixPlace(part.doc, pointer, options.message)
      : options.message;
  return new EngageLoopError(code, {
    message,
    detail: options.detail,
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
  const detail = error.detail && { ...error.detail, about: base + error.detail.about };
  return problemAt(part, error.code, base + (error.pointer ?? ''), {
    message: error.texts.message,
    detail,
    ruleId,
    plugin: error.plugin,
    // A problem about an object that points at one of its properties points at the property's key.
    key: error.detail !== undefined && error.detail.about !== error.pointer,
    data: error.data,
  });
}
