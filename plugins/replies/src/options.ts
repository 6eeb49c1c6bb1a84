import { EngageLoopError } from '@engageloop/core';
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

const validate = new Ajv2020({ allErrors: true }).compile(schema);

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
