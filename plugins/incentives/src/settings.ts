import type { JsonSchema } from '@engageloop/core';
import type { IncentivesSettings } from './settings-types';

/** Ids of wallets, tiers, badges…: safe keys (never `__proto__` or `constructor`). */
export const ID_PATTERN = '^[a-z][a-z0-9_-]{0,63}$';
const id: JsonSchema = { type: 'string', pattern: ID_PATTERN };
const eventType: JsonSchema = { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_.:-]{0,127}$' };
const text: JsonSchema = {
  anyOf: [{ type: 'string' }, { type: 'object', additionalProperties: { type: 'string' } }],
};
/** A path into the event, e.g. `$.payload.taskId` (own properties only). */
const eventPath: JsonSchema = { type: 'string', pattern: '^\\$?\\.?[A-Za-z0-9_.-]+$', maxLength: 200 };
/** The hard bound on `maxKeys` of a distinct counter: what one user's slice may hold per counter. */
export const MAX_DISTINCT_KEYS = 10_000;
const period: JsonSchema = { enum: ['day', 'week', 'month', 'year'] };
const idMap = (value: JsonSchema): JsonSchema => ({
  type: 'object',
  propertyNames: { pattern: ID_PATTERN },
  additionalProperties: value,
});
const cap: JsonSchema = {
  type: 'object',
  required: ['id', 'period', 'max'],
  additionalProperties: false,
  properties: {
    id,
    rules: { type: 'array', items: { type: 'string' } },
    wallet: id,
    period,
    max: { type: 'number', minimum: 0 },
  },
};

/** JSON Schema of `settings.incentives` in a policy. */
export const settingsSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    wallets: idMap({
      type: 'object',
      additionalProperties: false,
      properties: {
        description: text,
        allowNegative: { type: 'boolean' },
        validForDays: { type: 'number', exclusiveMinimum: 0 },
        pendingDays: { type: 'number', minimum: 0 },
      },
    }),
    caps: { type: 'array', items: cap },
    budgets: { type: 'array', items: cap },
    tiers: {
      type: 'object',
      required: ['levels', 'score', 'downgrade'],
      additionalProperties: false,
      properties: {
        levels: {
          type: 'array',
          minItems: 1,
          items: {
            type: 'object',
            required: ['id', 'minScore'],
            additionalProperties: false,
            properties: {
              id,
              name: text,
              minScore: { type: 'number', minimum: 0 },
              benefits: { type: 'array', items: { type: 'string' } },
            },
          },
        },
        score: {
          type: 'object',
          required: ['source', 'windowDays'],
          additionalProperties: false,
          properties: {
            source: { enum: ['points', 'actions'] },
            wallet: id,
            windowDays: { type: 'integer', minimum: 1, maximum: 3660 },
            weights: idMap({ type: 'number', minimum: 0 }),
          },
        },
        downgrade: {
          type: 'object',
          required: ['mode', 'graceDays', 'warnDays'],
          additionalProperties: false,
          properties: {
            mode: { enum: ['one-tier', 'to-score'] },
            graceDays: { type: 'number', minimum: 0 },
            warnDays: { type: 'number', minimum: 0 },
          },
        },
        auto: { type: 'boolean' },
      },
    },
    actions: idMap({
      type: 'object',
      required: ['events'],
      additionalProperties: false,
      properties: { events: { type: 'array', items: eventType }, name: text },
    }),
    badges: idMap({
      type: 'object',
      additionalProperties: false,
      properties: {
        name: text,
        levels: { type: 'array', minItems: 1, items: text },
        kind: { enum: ['badge', 'title', 'perk'] },
        expires: {
          oneOf: [
            {
              type: 'object',
              required: ['afterDays'],
              additionalProperties: false,
              properties: { afterDays: { type: 'integer', minimum: 1, maximum: 36600 } },
            },
            {
              type: 'object',
              required: ['atEndOf'],
              additionalProperties: false,
              properties: { atEndOf: { enum: ['week', 'month', 'year'] } },
            },
          ],
        },
      },
    }),
    milestones: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'threshold'],
        additionalProperties: false,
        properties: {
          id,
          name: text,
          action: id,
          streak: id,
          distinct: id,
          minScore: { type: 'number' },
          threshold: { type: 'integer', minimum: 1 },
          badge: id,
          badgeLevel: { type: 'integer', minimum: 1 },
          award: {
            type: 'object',
            required: ['wallet', 'amount'],
            additionalProperties: false,
            properties: {
              wallet: id,
              amount: { type: 'number', exclusiveMinimum: 0 },
              reason: { type: 'string' },
            },
          },
        },
        oneOf: [{ required: ['action'] }, { required: ['streak'] }, { required: ['distinct'] }],
        dependentRequired: { minScore: ['distinct'] },
      },
    },
    multipliers: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'factor'],
        additionalProperties: false,
        properties: {
          id,
          factor: { type: 'number', minimum: 0 },
          tiers: { type: 'array', items: id },
          rules: { type: 'array', items: { type: 'string' } },
          wallets: { type: 'array', items: id },
          from: { type: 'string', format: 'date-time' },
          to: { type: 'string', format: 'date-time' },
        },
      },
    },
    streaks: idMap({
      type: 'object',
      required: ['period'],
      additionalProperties: false,
      properties: {
        period: { enum: ['day', 'week'] },
        freezes: { type: 'integer', minimum: 0, maximum: 30 },
      },
    }),
    distinct: idMap({
      type: 'object',
      required: ['events', 'key'],
      additionalProperties: false,
      properties: {
        name: text,
        events: { type: 'array', minItems: 1, items: eventType },
        key: eventPath,
        score: eventPath,
        maxKeys: { type: 'integer', minimum: 1, maximum: MAX_DISTINCT_KEYS },
      },
    }),
    nudgeWithin: { type: 'integer', minimum: 0 },
    ledger: {
      type: 'object',
      additionalProperties: false,
      properties: { revokeWindowDays: { type: 'number', minimum: 0, maximum: 36_600 } },
    },
  },
};

/** Defaults: one `points` wallet and the three tiers basic 基础层 / advanced 进阶层 / core 核心层. */
export const defaultSettings: IncentivesSettings = {
  wallets: { points: { allowNegative: false } },
  caps: [],
  budgets: [],
  tiers: {
    levels: [
      { id: 'basic', name: { 'zh-CN': '基础层', en: 'Basic' }, minScore: 0, benefits: ['newcomer-rewards'] },
      {
        id: 'advanced',
        name: { 'zh-CN': '进阶层', en: 'Advanced' },
        minScore: 200,
        benefits: ['early-access', 'exclusive-community'],
      },
      {
        id: 'core',
        name: { 'zh-CN': '核心层', en: 'Core' },
        minScore: 1000,
        benefits: ['early-access', 'exclusive-community', 'decision-participation', 'resource-support'],
      },
    ],
    score: { source: 'points', wallet: 'points', windowDays: 90 },
    downgrade: { mode: 'one-tier', graceDays: 30, warnDays: 7 },
    auto: true,
  },
  actions: {},
  badges: {},
  milestones: [],
  multipliers: [],
  streaks: {},
  nudgeWithin: 2,
};

/**
 * Fills defaults for the top-level keys `partial` left out. A loaded policy's settings are complete already (core
 * deep-merges a plugin's defaults once, when the policy loads, and hands hooks, effects and facts that value):
 * this is for settings given by hand, such as `tierOf` with a policy document's raw settings.
 */
export function resolveSettings(partial: Partial<IncentivesSettings> | undefined): IncentivesSettings {
  if (partial === undefined || partial === null) return defaultSettings;
  return { ...defaultSettings, ...partial };
}
