import { ERROR_CATALOGUE, type ErrorCode, errorDocsUrl } from './codes';
import { ERROR_CATALOGUE_ZH_CN } from './codes.zh-CN';
import type { MessageLocale, MessageText } from './localized';

/** Where in a policy file (or other source) an error points. */
export interface SourceLocation {
  file?: string;
  line?: number;
  column?: number;
  /** JSON pointer (RFC 6901) into the document, e.g. `/rules/3/effects/0/type`. */
  pointer?: string;
}

/**
 * What a validation problem says about one place, without naming it (`must be a number`), so a loader that
 * knows the document can name the place in words first (`rule "review-points", effect 1: "amount" must be…`).
 */
export interface ProblemDetail {
  /** JSON pointer of the thing the text is about. */
  about: string;
  says: MessageText;
}

export interface EngageLoopErrorOptions extends SourceLocation {
  /** The message: English only, or in every message locale. Default: the catalogue's. */
  message?: string | MessageText;
  /** The hint: English only, or in every message locale. Default: the catalogue's. */
  hint?: string | MessageText;
  /** See `ProblemDetail` (validation problems only). */
  detail?: ProblemDetail;
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
  /** The custom message and hint as given (text per locale, or English only); not serialized. */
  declare readonly texts: { message?: string | MessageText; hint?: string | MessageText };
  /** See `ProblemDetail`; not serialized. */
  declare readonly detail?: ProblemDetail;

  constructor(code: ErrorCode, options: EngageLoopErrorOptions = {}) {
    const entry = ERROR_CATALOGUE[code];
    const english = (text: string | MessageText | undefined) => (typeof text === 'object' ? text.en : text);
    super(
      english(options.message) ?? entry.message,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.code = code;
    this.hint = english(options.hint) ?? entry.hint;
    Object.defineProperty(this, 'texts', { value: { message: options.message, hint: options.hint } });
    if (options.detail) Object.defineProperty(this, 'detail', { value: options.detail });
    this.url = errorDocsUrl(code);
    this.errors = options.errors ?? [];
    for (const key of ['file', 'line', 'column', 'pointer', 'ruleId', 'plugin', 'hook', 'data'] as const) {
      if (options[key] !== undefined)
        Object.defineProperty(this, key, { value: options[key], enumerable: true });
    }
  }

  /**
   * The message in a locale. A custom message given in English only reads, in Chinese, as the catalogue's
   * Chinese message followed by the English detail (text from outside engageloop, e.g. a driver's error).
   */
  messageIn(locale: MessageLocale = 'en'): string {
    const text = this.texts.message;
    if (locale === 'en') return this.message;
    if (typeof text === 'object') return text[locale];
    const entry = ERROR_CATALOGUE_ZH_CN[this.code].message;
    return text === undefined ? entry : `${entry}（${text}）`;
  }

  /** The hint in a locale (a custom hint given in English only falls back to the catalogue's). */
  hintIn(locale: MessageLocale = 'en'): string {
    const text = this.texts.hint;
    if (locale === 'en') return this.hint;
    return typeof text === 'object' ? text[locale] : ERROR_CATALOGUE_ZH_CN[this.code].hint;
  }

  /** `file:line:col CODE message` — the form product owners see in the terminal and editors parse. */
  format(locale: MessageLocale = 'en'): string {
    const where = this.file
      ? `${this.file}${this.line ? `:${this.line}:${this.column ?? 1}` : ''} `
      : this.pointer
        ? `${this.pointer} `
        : '';
    return `${where}${this.code} ${this.messageIn(locale)}`;
  }

  /** Plain data for logs and `--json` (`JSON.stringify` calls it): message and hint in English. */
  toJSON(): Record<string, unknown> {
    return this.toJSONIn('en');
  }

  /** Plain data with the message and hint in a locale. */
  toJSONIn(locale: MessageLocale): Record<string, unknown> {
    const out: Record<string, unknown> = {
      code: this.code,
      message: this.messageIn(locale),
      hint: this.hintIn(locale),
      url: this.url,
    };
    for (const key of ['file', 'line', 'column', 'pointer', 'ruleId', 'plugin', 'hook', 'data'] as const) {
      if (this[key] !== undefined) out[key] = this[key];
    }
    if (this.errors.length > 0) out.errors = this.errors.map((e) => e.toJSONIn(locale));
    return out;
  }
}

/**
 * True for an `EngageLoopError`, also one thrown by another copy of `@engageloop/core` (a second install in
 * `node_modules`), where `instanceof` would say false.
 */
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
