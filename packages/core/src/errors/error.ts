import { ERROR_CATALOGUE, type ErrorCode, errorDocsUrl } from './codes';

/** Where in a policy file (or other source) an error points. */
export interface SourceLocation {
  file?: string;
  line?: number;
  column?: number;
  /** JSON pointer (RFC 6901) into the document, e.g. `/rules/3/effects/0/type`. */
  pointer?: string;
}

export interface EngageLoopErrorOptions extends SourceLocation {
  message?: string;
  hint?: string;
  cause?: unknown;
  ruleId?: string;
  plugin?: string;
  hook?: string;
  /** Nested errors, e.g. every error of a policy that failed to load. */
  errors?: readonly EngageLoopError[];
  /** Extra machine-readable data (e.g. `{ suggestion: 'incentives.award' }`). */
  data?: Record<string, unknown>;
}

/**
 * The one error class of engageloop. Errors are data: a SCREAMING_SNAKE `code` from the catalogue,
 * a message, a hint, and where known the file/line/column/pointer, rule, plugin and hook.
 *
 * @example
 * try { await engine.dispatch(event) } catch (e) { if (isEngageLoopError(e) && e.code === 'EVENT_INVALID') … }
 */
export class EngageLoopError extends Error {
  override readonly name = 'EngageLoopError';
  readonly code: ErrorCode;
  readonly hint: string;
  readonly url: string;
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  readonly pointer?: string;
  readonly ruleId?: string;
  readonly plugin?: string;
  readonly hook?: string;
  readonly errors: readonly EngageLoopError[];
  readonly data?: Record<string, unknown>;

  constructor(code: ErrorCode, options: EngageLoopErrorOptions = {}) {
    const entry = ERROR_CATALOGUE[code];
    super(
      options.message ?? entry.message,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.code = code;
    this.hint = options.hint ?? entry.hint;
    this.url = errorDocsUrl(code);
    this.errors = options.errors ?? [];
    for (const key of ['file', 'line', 'column', 'pointer', 'ruleId', 'plugin', 'hook', 'data'] as const) {
      if (options[key] !== undefined)
        Object.defineProperty(this, key, { value: options[key], enumerable: true });
    }
  }

  /** `file:line:col CODE message` — the form product owners see in the terminal and editors parse. */
  format(): string {
    const where = this.file
      ? `${this.file}${this.line ? `:${this.line}:${this.column ?? 1}` : ''} `
      : this.pointer
        ? `${this.pointer} `
        : '';
    return `${where}${this.code} ${this.message}`;
  }

  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = {
      code: this.code,
      message: this.message,
      hint: this.hint,
      url: this.url,
    };
    for (const key of ['file', 'line', 'column', 'pointer', 'ruleId', 'plugin', 'hook', 'data'] as const) {
      if (this[key] !== undefined) out[key] = this[key];
    }
    if (this.errors.length > 0) out.errors = this.errors.map((e) => e.toJSON());
    return out;
  }
}

export const isEngageLoopError = (value: unknown): value is EngageLoopError =>
  value instanceof EngageLoopError;

/**
 * Turns anything thrown into an `EngageLoopError`. An `EngageLoopError` passes through unchanged
 * unless a plugin is named, in which case plugin failures are re-coded `PLUGIN_ERROR` — except an error the
 * named plugin raised deliberately about itself (`thrown.plugin === options.plugin`, e.g. the needs plugin's
 * `NEED_TRANSITION_ILLEGAL`), which keeps its own code.
 */
export function toEngageLoopError(
  thrown: unknown,
  fallback: ErrorCode,
  options: EngageLoopErrorOptions = {},
): EngageLoopError {
  if (
    thrown instanceof EngageLoopError &&
    (fallback !== 'PLUGIN_ERROR' ||
      thrown.code === 'PLUGIN_ERROR' ||
      (thrown.plugin !== undefined && thrown.plugin === options.plugin))
  ) {
    return thrown;
  }
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  return new EngageLoopError(fallback, {
    ...options,
    message:
      options.message ??
      (options.plugin
        ? `Plugin "${options.plugin}" failed in ${options.hook ?? 'a hook'}: ${message}`
        : message),
    cause: thrown,
  });
}
