// Internals for sibling packages (compiled evaluator, testing kit, CLI). Not part of the stable API.

export { createFactResolver } from './engine/facts';
export type { PolicyRuntime } from './engine/runtime';
export { createPolicyRuntime } from './engine/runtime';
export { timerEvent } from './engine/tick';
export { fnv1a } from './engine/variant';
export { toConditionTrace } from './evaluator/jre-trace';
export { parseJson } from './policy/locate';
export {
  byNumberThenId,
  messageColumns,
  type OutboxRow,
  QUEUED_MARK,
  type TimerRow,
  timerColumns,
  timerPayloadColumn,
  toClaimedMessage,
  toOutboxEntry,
  toTimerRecord,
} from './sql-rows';
export {
  type CommittedDoc,
  type CommittedDocs,
  createCommittedDocs,
  type StagedDocs,
} from './store/committed-docs';
export { freezeJson } from './store/freeze';
export type { KeyLock, Release } from './store/lock';
export { createKeyLock } from './store/lock';
export { memoryStoreContents } from './store/memory-store';
export { compareCodePoints, prefixEnd } from './store/queries';
