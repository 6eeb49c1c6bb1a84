// Public API of @engageloop/core. Named exports only; internals live behind `@engageloop/core/internal`.

// errors
export { ERROR_CATALOGUE, errorDocsUrl } from './errors/codes';
export type { ErrorCode } from './errors/codes';
export { EngageLoopError, isEngageLoopError, toEngageLoopError } from './errors/error';
export type { EngageLoopErrorOptions, SourceLocation } from './errors/error';

// events (the envelope)
export type { LoopEvent, ValidatedEvent } from './event/types';
export { validateEvent } from './event/validate';

// policy (rule files)
export { STAGES } from './policy/types';
export type {
  AllCondition,
  AnyCondition,
  ConditionReference,
  EffectSpec,
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
export { loadPolicy, loadPolicyPath, validatePolicy, validatePolicyPath } from './policy/load';
export type { LoadPolicyOptions, PolicyValidation } from './policy/load';
export { policySchema } from './policy/schema';
export { resolvePath } from './policy/path';
export { didYouMean } from './policy/did-you-mean';

// plugins
export { definePlugin } from './plugin/define-plugin';
export { createRegistry } from './plugin/registry';
export type { Registry } from './plugin/registry';
export type {
  DispatchContext,
  EffectContext,
  EffectReport,
  EffectType,
  EventTypeDefinition,
  FactContext,
  FactDefinition,
  FailureContext,
  HookName,
  JsonSchema,
  MessageInput,
  OperatorFunction,
  Plugin,
  PluginHooks,
  PrepareContext,
  TickContext,
  TimerInput,
  UserProfile,
  UserState,
} from './plugin/types';
export { corePlugin, initialUserState, CORE_FACTS } from './engine/core-plugin';

// engine
export { createEngine } from './engine/create-engine';
export type { Engine, EngineOptions, DispatchOptions } from './engine/create-engine';
export type { LoopEventName, LoopEvents } from './engine/events';
export type {
  DispatchTrace,
  DrainReport,
  EffectOutcome,
  MessageSummary,
  Outcome,
  RuleTrace,
  TickReport,
} from './engine/outcome';
export { explainOutcome } from './engine/explain';
export { assignArm } from './engine/variant';

// evaluation
export type {
  ConditionTrace,
  Evaluator,
  EvaluatorInput,
  FactResolver,
  PreparedRules,
  RuleEvaluation,
} from './evaluator/types';
export { jsonRulesEngineEvaluator } from './evaluator/json-rules-engine';

// stores
export type {
  ClaimedMessage,
  ClaimOptions,
  CommitResult,
  CommitWrite,
  OutboxEntry,
  OutboxFilter,
  OutboxMessage,
  OutboxStatus,
  RecordedOutcome,
  Store,
  StoreTransaction,
  TimerRecord,
} from './store/types';
export { createMemoryStore } from './store/memory-store';
export type { MemoryStoreOptions } from './store/memory-store';
export { drainOutbox } from './store/drain';
export type { DrainOptions, MessageHandler } from './store/drain';
export { userKey } from './store/keys';

// time
export { createManualClock, systemClock, toEpochMs } from './time/clock';
export type { Clock, ManualClock } from './time/clock';
export {
  instantOf,
  isValidTimeZone,
  localDayNumber,
  localWeekNumber,
  offsetMinutes,
  periodKey,
  zonedParts,
} from './time/zoned';
export type { Period, ZonedParts } from './time/zoned';
