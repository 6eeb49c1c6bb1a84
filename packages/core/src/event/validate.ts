import type { ValidateFunction } from 'ajv';
import { EngageLoopError } from '../errors/error';
import { EVENT_TYPE } from '../plugin/define-plugin';
import type { Registry } from '../plugin/registry';
import { compileCached } from '../policy/ajv';
import { describeAjvErrors, type SchemaProblem } from '../policy/ajv-errors';
import type { ValidatedEvent } from './types';

/** JSON Schema of the event envelope. */
export const EVENT_ENVELOPE_SCHEMA = {
  type: 'object',
  required: ['id', 'type', 'userId', 'at'],
  additionalProperties: false,
  properties: {
    id: { type: 'string', minLength: 1, maxLength: 200 },
    type: { type: 'string', minLength: 1, maxLength: 200, pattern: EVENT_TYPE.source },
    userId: { type: 'string', minLength: 1, maxLength: 200 },
    at: { type: 'string', format: 'date-time' },
    payload: { type: 'object' },
  },
} as const;

const envelopes = new WeakMap<Registry, ValidateFunction>();

function envelopeValidator(registry: Registry): ValidateFunction {
  let validate = envelopes.get(registry);
  if (!validate) {
    validate = compileCached(EVENT_ENVELOPE_SCHEMA);
    envelopes.set(registry, validate);
  }
  return validate;
}

function fail(
  code: 'EVENT_INVALID' | 'EVENT_PAYLOAD_INVALID',
  problems: SchemaProblem[],
  type?: string,
): never {
  const lead =
    code === 'EVENT_INVALID' ? 'The event is not valid' : `The payload of a "${type}" event is not valid`;
  throw new EngageLoopError(code, {
    message: `${lead}: ${problems.map((p) => p.message).join('; ')}.`,
    pointer: problems[0]?.pointer ?? '',
    data: { problems: problems.map((p) => ({ pointer: p.pointer, message: p.message })) },
  });
}

/**
 * Validates an event envelope `{ id, type, userId, at, payload? }`, then its payload against the
 * schema of its type (if a plugin declares one). Returns a new object with `payload` (default `{}`)
 * and `time` (epoch ms); the input is never changed. Throws `EVENT_INVALID` or
 * `EVENT_PAYLOAD_INVALID` listing every problem, with the first problem's `pointer`.
 *
 * @example
 * validateEvent({ id: 'e1', type: 'review.submitted', userId: 'u1', at: '2026-01-01T09:00:00Z' }, registry).time
 * // 1767258000000
 */
export function validateEvent(input: unknown, registry: Registry): ValidatedEvent {
  const validate = envelopeValidator(registry);
  if (!validate(input))
    fail('EVENT_INVALID', describeAjvErrors(validate.errors, EVENT_ENVELOPE_SCHEMA, '', input));
  const event = input as {
    id: string;
    type: string;
    userId: string;
    at: string;
    payload?: Record<string, unknown>;
  };
  const time = Date.parse(event.at);
  if (!Number.isFinite(time))
    fail('EVENT_INVALID', [{ pointer: '/at', message: `"/at" is not a valid date-time` }]);
  const payload = { ...(event.payload ?? {}) };
  const validatePayload = registry.payloadValidator(event.type);
  if (validatePayload && !validatePayload(payload)) {
    const schema = registry.eventType(event.type)?.definition.payload;
    fail(
      'EVENT_PAYLOAD_INVALID',
      describeAjvErrors(validatePayload.errors, schema, '/payload', payload),
      event.type,
    );
  }
  return { id: event.id, type: event.type, userId: event.userId, at: event.at, payload, time };
}
