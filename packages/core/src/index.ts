/**
 * The engine: the loop model, the rule-file format and its JSON Schema, `createEngine` (dispatch, tick,
 * drain), the plugin API, typed loop events, the store interface with the memory store, and the error
 * catalogue. Named exports only; internals live behind `@engageloop/core/internal` (not a stable API).
 *
 * @module @engageloop/core
 */
export type { DispatchOptions, Engine, EngineOptions } from './engine/create-engine';
// engine
export { createEngine } from './engine/create-engine';
export { DEFAULT_MAX_DERIVED_DEPTH, derivedEventId } from './engine/derive';
export type { DispatchBatchOptions, EventBatch } from './engine/dispatch-batch';
export { DEFAULT_BATCH_SIZE } from './engine/dispatch-batch';
export { explainOutcome } from './engine/explain';
export type { ForgetReport } from './engine/forget-user';
export {
  DEFAULT_MESSAGE_RETENTION_MS,
  DEFAULT_OUTCOME_RETENTION_MS,
  type RetentionOptions,
} from './engine/retention';
export { timerEventId } from './engine/timer-generation';
export { assignArm } from './engine/variant';
export type { ErrorCode } from './errors/codes';
// errors
export { ERROR_CATALOGUE, errorDocsUrl } from './errors/codes';
export { ERROR_CATALOGUE_ZH_CN } from './errors/codes.zh-CN';
export type { EngageLoopErrorOptions, ProblemDetail, SourceLocation } from './errors/error';
export { EngageLoopError, isEngageLoopError, toEngageLoopError } from './errors/error';
export type { MessageLocale, MessageText } from './errors/localized';
export { localized, MESSAGE_LOCALES, messageLocale, reasonTexts } from './errors/localized';
export { compiledEvaluator } from './evaluator/compiled/compiled-evaluator';
export { jsonRulesEngineEvaluator } from './evaluator/json-rules-engine';
// evaluation
export type {
  ConditionTrace,
  Evaluator,
  EvaluatorInput,
  FactResolver,
  OperatorFunction,
  PreparedRules,
  RuleEvaluation,
} from './evaluator/types';
// events (the envelope), typed loop events, outcomes
export type {
  DispatchBatchInput,
  DispatchInput,
  EngageLoopEvent,
  EngageLoopEventTypes,
  EventTypesChecked,
  KnownEventTypes,
  PluginEventTypes,
  ProfileUpdate,
} from './event/event-types';
export { envelopeFingerprint } from './event/fingerprint';
/**
 * Typed loop events: name → payload. Plugins add theirs by declaration merging:
 * `declare module '@engageloop/core' { interface LoopEvents { 'reward:granted': {…} } }`.
 */
export type { CoreLoopEvents, LoopEventName, LoopEvents } from './event/loop-events';
export type {
  DispatchTrace,
  DrainReport,
  EffectOutcome,
  EffectReport,
  MessageSummary,
  Outcome,
  RuleTrace,
  TickHookFailure,
  TickReport,
  TimerFailure,
} from './event/outcome';
export type { EventSource, LoopEvent, ValidatedEvent } from './event/types';
export { ENTITY_KEY } from './event/types';
export { validateEvent } from './event/validate';
// size limits on untrusted input
export type { Limits } from './limits/limits';
export { DEFAULT_LIMITS } from './limits/limits';
// plugins
export { CORE_FACTS, corePlugin, initialUserState } from './plugin/core-plugin';
export { defineEffect } from './plugin/define-effect';
export { definePlugin } from './plugin/define-plugin';
export type { DeclaredNames, PluginReferences, SettingsReference } from './plugin/references';
export type { Registry } from './plugin/registry';
export { createRegistry } from './plugin/registry';
export type {
  DerivedEventInput,
  DispatchContext,
  EffectContext,
  EffectType,
  EventTypeDefinition,
  FactContext,
  FactDefinition,
  FailureContext,
  ForgetContext,
  ForgetPlan,
  HookName,
  JsonSchema,
  MessageInput,
  Plugin,
  PluginHooks,
  PrepareContext,
  PrepareResult,
  TickContext,
  TimerInput,
  TopRequest,
  UserProfile,
  UserState,
} from './plugin/types';
export type {
  MessageParams,
  PolicyEffects,
  SetAttributeParams,
  TypedEffectSpec,
  TypedPolicyDocument,
  TypedRuleDefinition,
} from './policy/define-policy';
export { definePolicy } from './policy/define-policy';
export { didYouMean } from './policy/did-you-mean';
export type { LoadPolicyOptions, PolicyValidation } from './policy/load';
export { loadPolicy, loadPolicyPath, validatePolicy, validatePolicyPath } from './policy/load';
export { resolvePath } from './policy/path';
export { policySchema } from './policy/schema';
export type {
  AllCondition,
  AnyCondition,
  ConditionReference,
  EffectSpec,
  EventTypeDeclaration,
  ExperimentDefinition,
  FactCondition,
  LocalizedText,
  NestedCondition,
  NormalizedRule,
  NotCondition,
  Policy,
  PolicyDocument,
  RuleDefinition,
  RuleSource,
  Stage,
  TopLevelCondition,
} from './policy/types';
// policy (rule files)
export { STAGES } from './policy/types';
export { declaresUndo, undoneEventId } from './policy/undoes';
// rendering user text into messages
export type { ChannelFormat } from './render/channel-format';
export { CHANNEL_FORMATS, channelFormat } from './render/channel-format';
export { cleanText, escapeForChannel, MAX_VALUE_LENGTH } from './render/escape';
export type { RenderOptions, RenderResult, TemplateVariables } from './render/template';
export { lookupVariable, ownPath, placeholdersOf, renderTemplate } from './render/template';
export { cancelledAt, recordsOf } from './store/commit-records';
export type { DrainOptions, MessageHandler } from './store/drain';
export { drainOutbox } from './store/drain';
export {
  entityKey,
  entityRecordKey,
  forgottenUserId,
  type PseudonymKey,
  recordKey,
  recordKeyOf,
  subjectKey,
  userHash,
  userKey,
} from './store/keys';
export type { MemoryOutboxOptions } from './store/memory-outbox';
export type { MemoryStoreOptions } from './store/memory-store';
export { createMemoryStore } from './store/memory-store';
export type { ClaimedMessage, OutboxEntry, OutboxMessage, OutboxStatus } from './store/outbox-types';
export {
  counterNamesUser,
  erasedOutcome,
  jsonNeedle,
  pseudonymCounterKey,
  pseudonymiseAll,
  pseudonymisedDerived,
  pseudonymiseJson,
  pseudonymiseKey,
  pseudonymiseUnique,
  pseudonymiseValues,
  uniqueKey,
} from './store/pseudonymise';
export { checkCompactOutbox, checkCompactRecords, checkTopCounters, MAX_TOP_COUNTERS } from './store/queries';
// stores
export type {
  ClaimOptions,
  CommitOptions,
  CommitResult,
  CommitWrite,
  CompactOutboxOptions,
  CompactRecordsOptions,
  CounterEntry,
  DerivedMark,
  ForgetOptions,
  OutboxFilter,
  RecordedOutcome,
  Store,
  StoreTransaction,
  SyncStoreTransaction,
  TimerCompletion,
  TimerRecord,
  TimerRelease,
  TopCountersOptions,
} from './store/types';
export type { Clock, ManualClock } from './time/clock';
// time
export { createManualClock, systemClock, toEpochMs } from './time/clock';
export type { Period, ZonedParts } from './time/zoned';
export {
  instantOf,
  isValidTimeZone,
  localDayNumber,
  localWeekNumber,
  nextPeriodBoundary,
  offsetMinutes,
  periodKey,
  zonedParts,
} from './time/zoned';
