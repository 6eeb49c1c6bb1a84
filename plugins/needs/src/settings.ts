import type { JsonSchema } from '@engageloop/core';
import { NEED_KINDS, NEED_URGENCIES, type NeedKind, type NeedUrgency } from './types';

/** An SLA line: the first line whose kinds/urgencies match a need applies. Durations like `"2h"`, `"30m"`, `"3d"`. */
export interface SlaRule {
  kinds?: NeedKind[];
  urgencies?: NeedUrgency[];
  acknowledgeWithin?: string;
  resolveWithin?: string;
}

/** Opening hours; when set, SLA deadlines count only business time. */
export interface BusinessHours {
  /** IANA zone; defaults to the policy's default time zone. */
  timezone?: string;
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  days: number[];
  /** Local `HH:MM`. */
  start: string;
  end: string;
}

/**
 * Value-feedback wording per outcome and locale; `{{text}}` (the need's text, cut to 80 characters) and
 * `{{needId}}` are replaced, HTML-escaped (notices have no channel); the older `{text}`, `{needId}` still work.
 */
export type OutcomeWording = Record<'adopted' | 'declined' | 'shipped', Record<string, string>>;

/** `settings.needs` of a policy. */
export interface NeedsSettings {
  priority: {
    weights: { importance: number; difficulty: number; impact: number; supporters: number };
    /** Supporters at which a need counts as common (共性) rather than individual (个性). */
    commonThreshold: number;
  };
  reliability: { weights: { accountAge: number; pastAdopted: number; reports: number; calm: number } };
  sla: SlaRule[];
  businessHours: BusinessHours | null;
  /** The user attribute that names a user's segment, for figures by segment. */
  segmentAttribute: string | null;
  messages: OutcomeWording;
}

export const NEEDS_DEFAULTS: NeedsSettings = {
  priority: { weights: { importance: 3, difficulty: 1, impact: 2, supporters: 2 }, commonThreshold: 5 },
  reliability: { weights: { accountAge: 3, pastAdopted: 2, reports: 3, calm: 2 } },
  sla: [
    { urgencies: ['urgent'], acknowledgeWithin: '2h', resolveWithin: '2d' },
    { kinds: ['complaint', 'bug'], acknowledgeWithin: '8h', resolveWithin: '5d' },
    { acknowledgeWithin: '24h', resolveWithin: '30d' },
  ],
  businessHours: null,
  segmentAttribute: null,
  messages: {
    adopted: {
      en: 'Good news: your suggestion "{{text}}" was adopted. Thank you for helping us improve!',
      'zh-CN': '好消息：您的建议“{{text}}”已被采纳，感谢您帮助我们改进！',
    },
    declined: {
      en: 'Thank you for "{{text}}". We cannot take it up this time, but we value the idea and will invite you first next time.',
      'zh-CN': '感谢您提出“{{text}}”。这次暂时无法采纳，但我们很珍视这个想法，下次会优先邀请您参与。',
    },
    shipped: {
      en: 'Your suggestion "{{text}}" has shipped. Thank you for building it with us!',
      'zh-CN': '您的建议“{{text}}”已上线，感谢您与我们共创！',
    },
  },
};

const weight = { type: 'number', minimum: 0, maximum: 100 };
const duration = { type: 'string', pattern: '^[0-9]{1,5}(m|h|d)$' };
const wording = { type: 'object', additionalProperties: { type: 'string', maxLength: 2000 } };

export const NEEDS_SETTINGS_SCHEMA: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    priority: {
      type: 'object',
      additionalProperties: false,
      properties: {
        weights: {
          type: 'object',
          additionalProperties: false,
          properties: { importance: weight, difficulty: weight, impact: weight, supporters: weight },
        },
        commonThreshold: { type: 'integer', minimum: 2 },
      },
    },
    reliability: {
      type: 'object',
      additionalProperties: false,
      properties: {
        weights: {
          type: 'object',
          additionalProperties: false,
          properties: { accountAge: weight, pastAdopted: weight, reports: weight, calm: weight },
        },
      },
    },
    sla: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        properties: {
          kinds: { type: 'array', items: { enum: [...NEED_KINDS] } },
          urgencies: { type: 'array', items: { enum: [...NEED_URGENCIES] } },
          acknowledgeWithin: duration,
          resolveWithin: duration,
        },
      },
    },
    businessHours: {
      oneOf: [
        { type: 'null' },
        {
          type: 'object',
          additionalProperties: false,
          required: ['days', 'start', 'end'],
          properties: {
            timezone: { type: 'string', minLength: 1 },
            days: { type: 'array', minItems: 1, items: { type: 'integer', minimum: 1, maximum: 7 } },
            start: { type: 'string', pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' },
            end: { type: 'string', pattern: '^([01][0-9]|2[0-4]):[0-5][0-9]$' },
          },
        },
      ],
    },
    segmentAttribute: { type: ['string', 'null'] },
    messages: {
      type: 'object',
      additionalProperties: false,
      properties: { adopted: wording, declined: wording, shipped: wording },
    },
  },
};

/** Fills missing parts of partial settings with the defaults (one level deep per group). */
export function resolveNeedsSettings(partial: Partial<NeedsSettings> | undefined): NeedsSettings {
  const p = partial ?? {};
  return {
    priority: {
      weights: { ...NEEDS_DEFAULTS.priority.weights, ...p.priority?.weights },
      commonThreshold: p.priority?.commonThreshold ?? NEEDS_DEFAULTS.priority.commonThreshold,
    },
    reliability: { weights: { ...NEEDS_DEFAULTS.reliability.weights, ...p.reliability?.weights } },
    sla: p.sla ?? NEEDS_DEFAULTS.sla,
    businessHours: p.businessHours ?? null,
    segmentAttribute: p.segmentAttribute ?? null,
    messages: { ...NEEDS_DEFAULTS.messages, ...p.messages },
  };
}

/** `"90m"`, `"2h"`, `"3d"` → milliseconds. */
export function parseDuration(text: string): number {
  const match = /^(\d{1,5})(m|h|d)$/.exec(text);
  if (!match) return Number.NaN;
  const unit = match[2] === 'm' ? 60_000 : match[2] === 'h' ? 3_600_000 : 86_400_000;
  return Number(match[1]) * unit;
}
