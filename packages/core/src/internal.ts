// Internals for sibling packages (compiled evaluator, testing kit, CLI). Not part of the stable API.
export { createPolicyRuntime } from './engine/runtime';
export type { PolicyRuntime } from './engine/runtime';
export { runDispatch } from './engine/dispatch';
export type { DispatchInput, DispatchResult } from './engine/dispatch';
export { timerEvent } from './engine/tick';
export { toConditionTrace } from './evaluator/jre-trace';
export { createFactResolver } from './engine/facts';
export { fnv1a } from './engine/variant';
