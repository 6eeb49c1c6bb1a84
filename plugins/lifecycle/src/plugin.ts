import { definePlugin, EngageLoopError, type Plugin, type TopLevelCondition } from '@engageloop/core';
import type { ValidateFunction } from 'ajv';
import Ajv2020 from 'ajv/dist/2020.js';
import { cancelEffect } from './effects/cancel';
import { careEffect } from './effects/care';
import { scheduleEffect } from './effects/schedule';
import { createLifecycleFacts } from './facts';
import { createLifecycleHooks } from './hooks';
import { settingsSchema } from './schemas';
import { DEFAULT_SETTINGS, type LifecycleSettings, resolveSettings } from './settings';
import { initialSlice, type LifecycleSlice } from './state/slice';
import { TIMER_EVENT, timerPayloadSchema } from './timers';
import './events';
import { lifecycleReferences } from './references';

/** Options of the `lifecycle()` factory (wiring only; what product owners tune lives in `settings.lifecycle`). */
export interface LifecycleOptions {
  /** Name of the installed plugin whose slice holds the user's tier (default `incentives`). */
  tierPlugin?: string;
}

const optionsSchema = {
  type: 'object',
  additionalProperties: false,
  properties: { tierPlugin: { type: 'string', pattern: '^[a-z][a-z0-9-]*$' } },
};
let compiledOptions: ValidateFunction<unknown> | undefined;

/**
 * The options' validator, compiled at the first call rather than at import (an unused plugin costs nothing), and
 * without checking this constant schema against the draft's meta-schema (that costs each ajv ~80 ms).
 */
function optionsValidator(): ValidateFunction<unknown> {
  compiledOptions ??= new Ajv2020({ allErrors: true, strict: false, validateSchema: false }).compile(
    optionsSchema,
  );
  return compiledOptions;
}

const escapePointer = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * The lifecycle care plugin: stages and segments over recency / frequency / spend / tier / sentiment,
 * care triggers as rules (`lifecycle.care`, `lifecycle.schedule`, `lifecycle.cancel`), persistent timers
 * (`lifecycle.timer` events), frequency caps, quiet hours, channel preferences and A/B variants.
 *
 * @example
 * const engine = createEngine({ plugins: [lifecycle()], policy, store: createMemoryStore(), clock });
 * engine.on('stage:changed', ({ userId, from, to }) => …);
 */
export function lifecycle(options: LifecycleOptions = {}): Plugin<LifecycleSlice, LifecycleSettings> {
  const validateOptions = optionsValidator();
  if (!validateOptions(options)) {
    throw new EngageLoopError('PLUGIN_OPTIONS_INVALID', {
      plugin: 'lifecycle',
      message: `Invalid lifecycle options: ${(validateOptions.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`).join('; ')}`,
    });
  }
  const tierPlugin = options.tierPlugin ?? 'incentives';
  const facts = createLifecycleFacts(tierPlugin);
  return definePlugin<LifecycleSlice, LifecycleSettings>({
    name: 'lifecycle',
    version: '0.1.0',
    description: {
      en: 'Lifecycle care: stages, segments, care triggers, caps and quiet hours.',
      'zh-CN': '全生命周期关怀：阶段、分群、关怀触发、频控与免打扰。',
    },
    // A policy's segments are its own: one it redefines is not merged with the default of that name.
    settings: { schema: settingsSchema, defaults: DEFAULT_SETTINGS, replace: ['segments'] },
    state: { initial: () => initialSlice() },
    effects: {
      'lifecycle.care': careEffect,
      'lifecycle.schedule': scheduleEffect,
      'lifecycle.cancel': cancelEffect,
    },
    facts,
    eventTypes: {
      [TIMER_EVENT]: {
        description: {
          en: 'A lifecycle timer fired: payload { trigger, purpose, kind?, years? }.',
          'zh-CN': '生命周期计时器到期。',
        },
        payload: timerPayloadSchema,
        sources: ['timer'],
      },
    },
    references: lifecycleReferences(tierPlugin),
    conditions(raw) {
      const settings = resolveSettings(raw);
      const out: Array<{ pointer: string; condition: TopLevelCondition }> = [];
      settings.stages.forEach((stage, i) => {
        if (stage.when) out.push({ pointer: `/stages/${i}/when`, condition: stage.when });
      });
      for (const [name, condition] of Object.entries(settings.segments)) {
        out.push({ pointer: `/segments/${escapePointer(name)}`, condition });
      }
      return out;
    },
    hooks: createLifecycleHooks(new Set(Object.keys(facts)), tierPlugin),
  });
}
