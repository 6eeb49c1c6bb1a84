// `definePolicy`: a policy written in TypeScript, its effects' params checked by type. The map of effect
// types to params is filled by declaration merging: core's effects here, each plugin's in its package.
import type { PolicyDocument, RuleDefinition } from './types';

/** Params of `core.setAttribute`. */
export interface SetAttributeParams {
  /** The attribute, read by rules as `user.attributes.<key>`. */
  key: string;
  /** Any JSON value; `null` removes the attribute. */
  value: unknown;
}

/** Params of `core.message`: a plain message to the user through the outbox. */
export interface MessageParams {
  /** The message kind (default `notice`). */
  kind?: string;
  /** What the message is about; messages are grouped and deduplicated by topic. */
  topic: string;
  /** The text, or the text per locale (`{ "en": …, "zh-CN": … }`). */
  body: string | Record<string, string>;
  /** Send on this channel instead of the user's own. */
  channel?: string;
  /** A subject line, for channels that have one (e-mail). */
  subject?: string;
}

/**
 * Effect type → the type of its params, for every installed plugin: what `definePolicy` checks a rule's
 * effects against. Core declares its own effects here; each plugin adds its effects by declaration merging
 * (importing a plugin's package is enough). A plugin of your own adds its effects the same way.
 *
 * @example
 * declare module '@engageloop/core' {
 *   interface PolicyEffects { 'kudos.thank': { template: string } }
 * }
 */
export interface PolicyEffects {
  'core.setAttribute': SetAttributeParams;
  'core.message': MessageParams;
}

/**
 * One effect of a rule, typed by its effect type: `params` must match that effect's params type (and may
 * be left out when every param is optional).
 */
export type TypedEffectSpec = {
  [K in keyof PolicyEffects]: Record<string, never> extends PolicyEffects[K]
    ? { type: K; params?: PolicyEffects[K] }
    : { type: K; params: PolicyEffects[K] };
}[keyof PolicyEffects];

/** A rule whose effects are typed (`TypedEffectSpec`); everything else as in `RuleDefinition`. */
export interface TypedRuleDefinition extends Omit<RuleDefinition, 'effects'> {
  /** Effects applied in order when the rule fires; each one's params checked against its effect type. */
  effects: TypedEffectSpec[];
}

/** A policy document whose rules' effects are typed; everything else as in `PolicyDocument`. */
export interface TypedPolicyDocument extends Omit<PolicyDocument, 'rules'> {
  /** The rules, each effect's params typed by its effect type. */
  rules: TypedRuleDefinition[];
}

/**
 * A policy written in TypeScript: returns the document unchanged, and the compiler checks every effect's
 * `type` against the installed plugins' effects and its `params` against that effect's params type
 * (`PolicyEffects`). Everything a type cannot say (names declared in settings, conditions, event types) is
 * still checked when the policy loads.
 *
 * @example
 * import { createEngine, definePolicy } from '@engageloop/core';
 * import { incentives } from '@engageloop/incentives';
 *
 * const policy = definePolicy({
 *   version: 1,
 *   eventTypes: { 'review.submitted': {} },
 *   rules: [{
 *     id: 'review-points', stage: 'motivation', on: 'review.submitted',
 *     effects: [{ type: 'incentives.award', params: { amount: 10 } }], // { amont: 10 } would not compile
 *   }],
 * });
 * const engine = createEngine({ policy, plugins: [incentives()] });
 */
export function definePolicy(policy: TypedPolicyDocument): PolicyDocument {
  // The same object: a params interface (`AwardParams`) has no implicit index signature, so TypeScript will
  // not compare it with `EffectSpec`'s `Record<string, unknown>` params, though every value fits.
  return policy as unknown as PolicyDocument;
}
