/**
 * Condition evaluation only: the 40 conditions of the bench policy against each event's facts —
 * raw json-rules-engine, the compiled evaluator (its `fired` path), and the same conditions hand-written
 * as closures. Each row first runs a warm-up pass (not measured): the table shows steady state.
 */
import {
  compiledEvaluator,
  type FactResolver,
  type LoopEvent,
  loadPolicy,
  type NormalizedRule,
  resolvePath,
} from '@engageloop/core';
import { Engine as JreEngine } from 'json-rules-engine';
import { handWritten } from './hand-written';
import { type Measurement, measure } from './measure';
import { benchPolicy } from './policy-40';

type Counts = Record<string, number>;

/** Per-user counts as the events arrive, precomputed so that every row sees the same facts. */
function factsOf(events: LoopEvent[]) {
  const counts = new Map<string, Counts>();
  return events.map((event) => {
    const previous = counts.get(event.userId ?? '') ?? {};
    const next = { ...previous, [event.type]: (previous[event.type] ?? 0) + 1 };
    counts.set(event.userId ?? '', next);
    return { event, user: { counts: next } };
  });
}

/**
 * One event's facts behind the resolver interface, made per evaluation as the engine makes one per
 * stage (a class, so no closure is built per event).
 */
class EventFacts implements FactResolver {
  readonly facts: Record<string, unknown>;
  constructor(facts: Record<string, unknown>) {
    this.facts = facts;
  }
  value(id: string): unknown {
    return this.facts[id];
  }
}

/** Events each row runs before it is measured (not counted), so that the table shows steady state. */
const WARM_UP = { jre: 1_000, fast: 20_000 };

async function warmUp(count: number, run: (i: number) => unknown): Promise<void> {
  for (let i = 0; i < count; i++) await run(i);
}

export async function conditionRows(events: LoopEvent[]): Promise<Measurement[]> {
  const facts = factsOf(events);
  const warm = (n: number) => Math.min(n, events.length);
  const rules = benchPolicy.rules;
  const jre = new JreEngine([], { allowUndefinedFacts: true, pathResolver: resolvePath });
  for (const rule of rules) {
    jre.addRule({ name: rule.id, conditions: rule.conditions ?? { all: [] }, event: { type: rule.id } });
  }
  const runJre = (i: number) => jre.run(facts[i] as Record<string, unknown>);
  await warmUp(warm(WARM_UP.jre), runJre);
  const raw = await measure('conditions: json-rules-engine (40 rules)', events.length, runJre);

  const policy = loadPolicy(benchPolicy);
  const prepared = compiledEvaluator().prepare({
    rules: policy.rules,
    conditions: policy.conditions,
    operators: {},
    facts: new Set(['event', 'user']),
    resolvePath,
  });
  const all = policy.rules as NormalizedRule[];
  let fired = 0;
  // measured as the engine runs it with the trace off: `fired`, one flag per rule, through a resolver
  const runCompiled = (i: number) => {
    const resolver = new EventFacts(facts[i] as unknown as Record<string, unknown>);
    const flags = prepared.fired('need', all, resolver);
    if (!Array.isArray(flags)) throw new Error('bench: the 40 conditions read no async fact');
    for (let j = 0; j < flags.length; j++) if (flags[j]) fired++;
  };
  await warmUp(warm(WARM_UP.fast), runCompiled);
  fired = 0;
  const compiled = await measure('conditions: compiled (40 rules)', events.length, runCompiled);

  let handFired = 0;
  const runHand = (i: number) => {
    const f = facts[i] as (typeof facts)[number] as never;
    for (const check of handWritten) if (check(f)) handFired++;
  };
  await warmUp(warm(WARM_UP.fast), runHand);
  handFired = 0;
  const hand = await measure('conditions: hand-written closures (40)', events.length, runHand);
  if (fired !== handFired) {
    throw new Error(`bench sanity: compiled fired ${fired} rules, hand-written ${handFired}`);
  }
  return [raw, compiled, hand];
}
