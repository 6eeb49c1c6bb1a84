import { definePlugin, EngageLoopError, type Plugin } from '@engageloop/core';
import type { ValidateFunction } from 'ajv';
import Ajv2020 from 'ajv/dist/2020.js';
import { NEEDS_EFFECTS } from './effects';
import { NEEDS_EVENT_TYPES } from './events';
import { NEEDS_FACTS } from './facts';
import { forgetInNeed } from './forget-need';
import { handleNeedEvent, needDocsOf } from './handlers';
import { NEEDS_DEFAULTS, NEEDS_SETTINGS_SCHEMA, type NeedsSettings } from './settings';
import type { NeedDoc, NeedsSlice } from './types';
import { withdrawUndoneNeed } from './undo-need';

/** Options of the `needs()` factory. There are none yet: product settings live in the policy's `settings.needs`. */
export type NeedsOptions = Record<string, never>;

const OPTIONS_SCHEMA = { type: 'object', additionalProperties: false, properties: {} };
let compiledOptions: ValidateFunction<NeedsOptions> | undefined;

/**
 * The options' validator, compiled at the first call rather than at import (an unused plugin costs nothing), and
 * without checking this constant schema against the draft's meta-schema (that costs each ajv ~80 ms).
 */
function optionsValidator(): ValidateFunction<NeedsOptions> {
  compiledOptions ??= new Ajv2020({ allErrors: true, validateSchema: false }).compile<NeedsOptions>(
    OPTIONS_SCHEMA,
  );
  return compiledOptions;
}

/**
 * The closed feedback loop: need items (`need:<id>` documents) captured from `need.captured` events,
 * moved through an enforced status table by `need.status` events and rule effects, prioritised,
 * scored for authenticity, held to SLA deadlines (persistent timers, optional business hours), and
 * closed by telling every supporter the outcome once.
 *
 * @example
 * const engine = createEngine({ plugins: [needs()], policy });
 * await engine.dispatch({ id: 'e1', type: 'need.captured', userId: 'u1', at, payload: { kind: 'complaint', text: 'App crashes', urgency: 'urgent' } });
 * await engine.dispatch({ id: 'e2', type: 'need.status', userId: 'staff', at, payload: { needId: 'e1', to: 'acknowledged' } });
 */
export function needs(options?: NeedsOptions): Plugin<NeedsSlice, NeedsSettings> {
  const validateOptions = optionsValidator();
  if (!validateOptions(options ?? {})) {
    throw new EngageLoopError('PLUGIN_OPTIONS_INVALID', {
      plugin: 'needs',
      message: `Invalid needs() options: ${(validateOptions.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ')}`,
    });
  }
  return definePlugin<NeedsSlice, NeedsSettings>({
    name: 'needs',
    version: '0.1.0',
    description: {
      en: 'Closed feedback loop: needs, priority, authenticity, SLA and outcome notices.',
      'zh-CN': '反馈闭环：需求、优先级、真实性、时限与结果告知。',
    },
    settings: { schema: NEEDS_SETTINGS_SCHEMA, defaults: NEEDS_DEFAULTS },
    state: { initial: () => ({ voiced: 0, adopted: 0 }) },
    eventTypes: NEEDS_EVENT_TYPES,
    facts: NEEDS_FACTS,
    effects: NEEDS_EFFECTS,
    hooks: {
      prepare: ({ event, policy }) => ({ docs: needDocsOf(event, policy) }),
      beforeRules: (ctx) => handleNeedEvent(ctx),
      afterRules: (ctx) => withdrawUndoneNeed(ctx),
      // Need items are shared documents: the user may be their author, a supporter, or named in their history.
      forgetUser: ({ userId, pseudonym }) => ({
        documents: ['need:'],
        scrub: (_key, value) => forgetInNeed(value as NeedDoc, userId, pseudonym),
        // Notices about a need the user voiced quote its text (escalations, outcome notices).
        quotes: (_key, value) =>
          (value as NeedDoc).userId === userId ? [`need:${(value as NeedDoc).id}:`] : [],
      }),
    },
  });
}
