import { durationSchema } from './duration';

/** Trigger, stage, segment and channel names: lower-case, digits, `.`, `_`, `-` (never prototype keys). */
export const NAME_PATTERN = '^[a-z0-9][a-z0-9._-]{0,63}$';
export const nameSchema = { type: 'string', pattern: NAME_PATTERN } as const;

/** Text, or text per locale (`{ "zh-CN": "…", "en": "…" }`). */
export const localizedSchema = {
  anyOf: [
    { type: 'string', maxLength: 4000 },
    {
      type: 'object',
      minProperties: 1,
      propertyNames: { pattern: '^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$' },
      additionalProperties: { type: 'string', maxLength: 4000 },
    },
  ],
} as const;

const conditionSchema = {
  type: 'object',
  description: 'A json-rules-engine condition (all / any / not / condition).',
};
const clock = { type: 'string', pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' } as const;

/** JSON Schema of `settings.lifecycle`. */
export const settingsSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    stages: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['name'],
        additionalProperties: false,
        properties: { name: nameSchema, when: conditionSchema, description: localizedSchema },
      },
    },
    segments: {
      type: 'object',
      propertyNames: { pattern: '^[a-z0-9][a-z0-9._-]{0,63}$' },
      additionalProperties: conditionSchema,
    },
    activity: {
      type: 'object',
      additionalProperties: false,
      properties: {
        events: { anyOf: [{ type: 'null' }, { type: 'array', items: { type: 'string', minLength: 1 } }] },
        ignore: { type: 'array', items: { type: 'string', minLength: 1 } },
      },
    },
    purchase: {
      type: 'object',
      additionalProperties: false,
      properties: {
        events: { type: 'array', items: { type: 'string', minLength: 1 } },
        amountField: { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_]{0,63}$' },
      },
    },
    channels: { type: 'array', minItems: 1, items: nameSchema },
    caps: {
      type: 'array',
      items: {
        type: 'object',
        required: ['max', 'window'],
        additionalProperties: false,
        properties: { max: { type: 'integer', minimum: 0 }, window: durationSchema, channel: nameSchema },
      },
    },
    quietHours: {
      anyOf: [
        { type: 'null' },
        {
          type: 'object',
          required: ['start', 'end'],
          additionalProperties: false,
          properties: { start: clock, end: clock, action: { enum: ['defer', 'drop'], default: 'defer' } },
        },
      ],
    },
    reviewAfter: { type: 'array', maxItems: 8, items: durationSchema },
  },
} as const;
