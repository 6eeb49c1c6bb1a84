import type { ChannelFormat } from '../render/channel-format';
/** The four stages of the loop, evaluated in this order within one dispatch. */
export const STAGES = ['need', 'motivation', 'action', 'value'] as const;
/** A stage of the loop: `need` → `motivation` → `action` → `value` (value feedback). */
export type Stage = (typeof STAGES)[number];

/** Text for people, either one string or one per locale (`zh-CN`, `en`, …). */
export type LocalizedText = string | Record<string, string>;

/**
 * A fact comparison, as in json-rules-engine: the value of `fact` (with `params`, at `path`) compared with
 * `value` by `operator`.
 */
export interface FactCondition {
  fact: string;
  operator: string;
  value: unknown;
  path?: string;
  params?: Record<string, unknown>;
  name?: string;
  priority?: number;
}
/** Every child condition must hold. */
export interface AllCondition {
  all: NestedCondition[];
  name?: string;
  priority?: number;
}
/** At least one child condition must hold. */
export interface AnyCondition {
  any: NestedCondition[];
  name?: string;
  priority?: number;
}
/** The child condition must not hold. */
export interface NotCondition {
  not: NestedCondition;
  name?: string;
  priority?: number;
}
/** A named condition of the policy's `conditions`, used in place: `{ "condition": "is-member" }`. */
export interface ConditionReference {
  condition: string;
  name?: string;
  priority?: number;
}
/** What a rule's `conditions` (and a named condition) may be: `all`, `any`, `not`, or a reference to a named condition. */
export type TopLevelCondition = AllCondition | AnyCondition | NotCondition | ConditionReference;
/** A condition inside `all`, `any` or `not`: a fact comparison or another group. */
export type NestedCondition = FactCondition | TopLevelCondition;

/** An effect as data: the type names a plugin's effect (`incentives.award`), params are checked by its schema. */
export interface EffectSpec<P = Record<string, unknown>> {
  type: string;
  params?: P;
}

/** A rule as written in a policy file. */
export interface RuleDefinition {
  id: string;
  stage: Stage;
  /** Event types this rule listens to; omitted means every event. Used to index rules. */
  on?: string | string[];
  /** json-rules-engine conditions; omitted means always. */
  conditions?: TopLevelCondition;
  effects: EffectSpec[];
  /** Higher runs first within a stage (json-rules-engine semantics); default 1. */
  priority?: number;
  enabled?: boolean;
  description?: LocalizedText;
  /** A/B: the rule applies only to users assigned to this arm of the experiment. */
  variant?: { experiment: string; arm: string };
}

/** An A/B experiment: arm name → weight. Users are assigned by a hash of user id + experiment name. */
export interface ExperimentDefinition {
  description?: LocalizedText;
  arms: Record<string, number>;
}

/**
 * An event type the policy declares: what it means, and whether it undoes an earlier event (a deleted
 * review, an undo) — then `undoes.eventIdPath` says where its payload names that event, and
 * `undoes.allowAwards` lists the rules that may still award on it (a removal pays nothing by default).
 */
export interface EventTypeDeclaration {
  description?: LocalizedText;
  undoes?: { eventIdPath: string; allowAwards?: string[] };
}

/** A policy (rule) file, format version 1. */
export interface PolicyDocument {
  $schema?: string;
  version: 1;
  name?: string;
  description?: LocalizedText;
  /** Defaults for users whose profile does not say. */
  defaults?: { timezone?: string; locale?: string; channels?: Record<string, ChannelFormat> };
  /** Per-plugin settings, keyed by plugin name; each plugin declares the schema of its part. */
  settings?: Record<string, unknown>;
  /** Named conditions that rules refer to with `{ "condition": "name" }`. */
  conditions?: Record<string, TopLevelCondition>;
  experiments?: Record<string, ExperimentDefinition>;
  /** Custom event types this policy listens to, beyond the ones plugins declare. */
  eventTypes?: Record<string, EventTypeDeclaration>;
  rules: RuleDefinition[];
}

/** Where a rule came from, for error messages and traces. */
export interface RuleSource {
  file?: string;
  pointer: string;
  line?: number;
  column?: number;
}

/** A rule after loading: defaults filled, `on` normalised, source attached. */
export interface NormalizedRule {
  id: string;
  stage: Stage;
  on: readonly string[] | null;
  conditions: TopLevelCondition;
  effects: readonly Required<EffectSpec>[];
  priority: number;
  enabled: boolean;
  description?: LocalizedText;
  variant?: { experiment: string; arm: string };
  /** Position in the policy (file order); ties in priority keep this order. */
  order: number;
  source: RuleSource;
}

/** A loaded, validated policy, ready for an engine. Immutable. */
export interface Policy {
  readonly name: string;
  readonly version: 1;
  /** Stable content hash of the merged document (hex). */
  readonly hash: string;
  readonly document: Readonly<PolicyDocument>;
  readonly rules: readonly NormalizedRule[];
  readonly conditions: Readonly<Record<string, TopLevelCondition>>;
  readonly experiments: Readonly<Record<string, ExperimentDefinition>>;
  /** Settings per plugin, after the plugin's defaults were applied. */
  readonly settings: Readonly<Record<string, unknown>>;
  readonly defaults: {
    readonly timezone: string;
    readonly locale: string;
    /** The policy's channel formats (`defaults.channels`), read with `channelFormat`. */
    readonly channels?: Readonly<Record<string, ChannelFormat>>;
  };
  readonly files: readonly string[];
}
