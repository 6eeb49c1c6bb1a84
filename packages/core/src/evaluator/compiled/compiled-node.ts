import type { TopLevelCondition } from '../../policy/types';
import type { ConditionTrace, FactResolver } from '../types';
import type { Node } from './condition-shape';
import type { ReaderContext } from './fact-reader';
import type { CompiledOperator } from './operators';

type Traced = { raw: unknown; trace: ConditionTrace };

/**
 * One condition compiled into closures: `run` gives json-rules-engine's raw result, `traced` the same
 * with its trace. The closures serve the trace path (and whatever code generation leaves to them).
 */
export interface CompiledNode {
  readonly original: Node;
  run(facts: FactResolver): unknown;
  traced(facts: FactResolver): Traced;
}

export interface CompileContext extends ReaderContext {
  named: Readonly<Record<string, TopLevelCondition>>;
  operator(name: string): CompiledOperator | undefined;
  /** Whether `name` is json-rules-engine's built-in operator (not replaced by a plugin's). */
  builtIn(name: string): boolean;
}
