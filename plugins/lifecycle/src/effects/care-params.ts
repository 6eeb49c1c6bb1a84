import type { LocalizedText, Period } from '@engageloop/core';
import { type Duration, durationSchema } from '../duration';
import { localizedSchema, nameSchema } from '../schemas';

/** How often a trigger may send to the same user. */
export type Reentry = 'once' | 'oncePerPeriod' | 'always';

/** One A/B variant of a care message. */
export interface CareVariant {
  weight: number;
  body: LocalizedText;
  subject?: LocalizedText;
}

/** Params of `lifecycle.care`: queue a care message (now, or after `delay`). */
export interface CareParams {
  /** Trigger id, e.g. `welcome`, `inactive-7d`; also the message topic. */
  trigger: string;
  /** Text or text per locale; `{{user.name}}`, `{{stage}}`, `{{event.payload.x}}`, `{{data.x}}` are filled in. */
  body: LocalizedText;
  subject?: LocalizedText;
  /** Allowed channel(s) in preference order; default `settings.lifecycle.channels`. */
  channel?: string | string[];
  /** Send after this delay (a persistent timer); the guards are checked when it fires. */
  delay?: Duration;
  /**
   * With `delay`: a field of the event's payload (a dotted path, e.g. `orderId`) whose value keys the timer,
   * so each occurrence (each order) gets its own delayed message. Without it, one delayed message per trigger
   * is pending and a later event re-arms it (right for inactivity, welcome, win-back).
   */
  occurrence?: string;
  /** Default `always` (one message per triggering event). */
  reentry?: Reentry;
  /** Period of `oncePerPeriod` in the user's time zone; default `week`. */
  period?: Period;
  /** Receipts and security notices: exempt from caps and quiet hours. */
  transactional?: boolean;
  /** Template of the dedupe instance (e.g. `{{event.payload.orderId}}`); the channel is never part of it. */
  dedupe?: string;
  /** A/B: arm name → variant; users are split by a hash of user id + trigger id. */
  variants?: Record<string, CareVariant>;
  /** Extra data recorded on the message. */
  data?: Record<string, unknown>;
}

const variantSchema = {
  type: 'object',
  required: ['weight', 'body'],
  additionalProperties: false,
  properties: { weight: { type: 'number', minimum: 0 }, body: localizedSchema, subject: localizedSchema },
};

export const careParamsSchema = {
  type: 'object',
  required: ['trigger', 'body'],
  additionalProperties: false,
  properties: {
    trigger: nameSchema,
    body: localizedSchema,
    subject: localizedSchema,
    channel: { anyOf: [nameSchema, { type: 'array', minItems: 1, items: nameSchema }] },
    delay: durationSchema,
    occurrence: { type: 'string', pattern: '^[A-Za-z0-9_$-]{1,64}(\\.[A-Za-z0-9_$-]{1,64}){0,7}$' },
    reentry: { enum: ['once', 'oncePerPeriod', 'always'] },
    period: { enum: ['day', 'week', 'month', 'year'] },
    transactional: { type: 'boolean' },
    dedupe: { type: 'string', minLength: 1, maxLength: 200 },
    variants: {
      type: 'object',
      minProperties: 1,
      propertyNames: { pattern: '^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$' },
      additionalProperties: variantSchema,
    },
    data: { type: 'object' },
  },
} as const;
