import { EngageLoopError } from '@engageloop/core';
import type { ValidateFunction } from 'ajv';
import Ajv2020 from 'ajv/dist/2020.js';
import { createLexiconClassifier, type SentimentClassifier } from './sentiment/classifier';

/** Options of the `replies()` factory: engineering knobs only (wording and timing live in the policy). */
export interface RepliesOptions {
  /** The sentiment classifier behind the `replies.sentiment` fact (default: `createLexiconClassifier()`). */
  classifier?: SentimentClassifier;
  /** Event types this plugin should NOT declare because another installed plugin declares them. */
  omitEventTypes?: string[];
}

const schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    classifier: { type: 'object' },
    omitEventTypes: { type: 'array', items: { type: 'string', minLength: 1 }, uniqueItems: true },
  },
};

let compiledOptions: ValidateFunction<unknown> | undefined;

/**
 * The options' validator, compiled at the first call rather than at import (an unused plugin costs nothing), and
 * without checking this constant schema against the draft's meta-schema (that costs each ajv ~80 ms).
 */
function optionsValidator(): ValidateFunction<unknown> {
  compiledOptions ??= new Ajv2020({ allErrors: true, validateSchema: false }).compile(schema);
  return compiledOptions;
}

function invalid(message: string, data?: Record<string, unknown>): EngageLoopError {
  return new EngageLoopError('PLUGIN_OPTIONS_INVALID', {
    plugin: 'replies',
    message: `Invalid replies() options: ${message}`,
    data,
  });
}

/** Validates factory options; throws `PLUGIN_OPTIONS_INVALID`. */
export function checkOptions(options: unknown): {
  classifier: SentimentClassifier;
  omitEventTypes: string[];
} {
  const value = (options ?? {}) as RepliesOptions;
  const validate = optionsValidator();
  if (!validate(value)) {
    throw invalid((validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`).join('; '), {
      errors: validate.errors ?? [],
    });
  }
  if (value.classifier !== undefined && typeof value.classifier.classify !== 'function') {
    throw invalid('/classifier must have a classify(text, locale) function');
  }
  return {
    classifier: value.classifier ?? createLexiconClassifier(),
    omitEventTypes: value.omitEventTypes ?? [],
  };
}
