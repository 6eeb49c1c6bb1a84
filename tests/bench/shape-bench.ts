/**
 * Condition shapes (./shapes/): per shape, every engine's fired set is checked equal on the same events,
 * then setup and time per event are measured side by side in one run — hand-written closures (one per
 * rule), one hand-fused function, the compiled evaluator (`fired`, trace off, through a fact resolver
 * as the engine calls it), json-logic-engine's compiled mode (`build()`) and json-rules-engine 7.3.
 * Times are CPU time (median of interleaved rounds per event; setup: preparing and a first evaluation);
 * ratios are within the run. Options: BENCH_SHAPE_EVENTS (distinct events per shape, default 2000).
 */
import {
  compiledEvaluator,
  createRegistry,
  definePlugin,
  type FactResolver,
  loadPolicy,
  type NormalizedRule,
  type PreparedRules,
  resolvePath,
} from '@engageloop/core';
import { LogicEngine } from 'json-logic-engine';
import { Engine as JreEngine } from 'json-rules-engine';
import { markdownTable } from './measure';
import type { ConditionShape, Facts } from './shapes/shape';
import { logicData, toJsonLogic } from './shapes/to-json-logic';

/** One event's facts behind the resolver interface, new per evaluation as the engine makes one per stage. */
class EventFacts implements FactResolver {
  readonly facts: Facts;
  constructor(facts: Facts) {
    this.facts = facts;
  }
  value(id: string): unknown {
    return this.facts[id];
  }
}

/** This process's CPU time in ms (user + system): on a shared machine it moves less than wall time. */
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

export interface Engines {
  rules: readonly NormalizedRule[];
  compiled: PreparedRules;
  logic: Array<(data: unknown) => unknown>;
  jre: JreEngine;
  /** Setup (CPU ms): compiling the rules, per engine. */
  setup: { compiled: number; logic: number; jre: number };
}

/** Loads the shape's policy and prepares every engine, timing each one's setup. */
export function prepareEngines(shape: ConditionShape): Engines {
  const plugin = definePlugin({
    name: shape.plugin.name,
    version: '1.0.0',
    facts: Object.fromEntries(shape.plugin.facts.map((name) => [name, { value: () => undefined }])),
    operators: shape.plugin.operators,
  });
  const registry = createRegistry([plugin]);
  const policy = loadPolicy(shape.policy, { registry });
  const rules = policy.rules as NormalizedRule[];
  const first = new EventFacts(shape.events[0] as Facts);

  let t = cpuMs();
  const compiled = compiledEvaluator().prepare({
    rules,
    conditions: policy.conditions,
    operators: registry.operators,
    facts: new Set(registry.factNames),
    resolvePath,
  });
  compiled.fired('need', rules, first); // generates the program of the candidate list
  const compiledMs = cpuMs() - t;

  t = cpuMs();
  const logicEngine = new LogicEngine();
  for (const [name, fn] of Object.entries(shape.plugin.operators)) {
    logicEngine.addMethod(name, (args: unknown[]) => fn(args[0], args[1]), { deterministic: true });
  }
  const logic = rules.map(
    (r) => logicEngine.build(toJsonLogic(r.conditions, shape.policy.conditions)) as (d: unknown) => unknown,
  );
  const logicMs = cpuMs() - t;

  t = cpuMs();
  const jre = new JreEngine([], { allowUndefinedFacts: true });
  for (const [name, fn] of Object.entries(shape.plugin.operators)) jre.addOperator(name, fn);
  for (const [name, c] of Object.entries(shape.policy.conditions ?? {}))
    jre.setCondition(name, structuredClone(c));
  for (const r of rules) {
    jre.addRule({ name: r.id, conditions: structuredClone(r.conditions) as never, event: { type: r.id } });
  }
  const jreMs = cpuMs() - t;
  return { rules, compiled, logic, jre, setup: { compiled: compiledMs, logic: logicMs, jre: jreMs } };
}

const JRE_CHECKED = 300;

/** Every engine's fired flags for every event (json-rules-engine on the first events): equal, or throws. */
export async function checkFiredSets(
  shape: ConditionShape,
  engines: Engines,
  data: unknown[],
): Promise<number> {
  const n = engines.rules.length;
  let firedTotal = 0;
  const out: boolean[] = new Array(n).fill(false);
  for (let e = 0; e < shape.events.length; e++) {
    const facts = shape.events[e] as Facts;
    const compiled = engines.compiled.fired('need', engines.rules, new EventFacts(facts));
    if (!Array.isArray(compiled)) throw new Error('bench: the shapes read no async fact');
    shape.fused(facts, out);
    for (let i = 0; i < n; i++) {
      const want = compiled[i] === true;
      if (want) firedTotal++;
      const closure = (shape.closures[i] as (f: Facts) => boolean)(facts);
      const logic = Boolean((engines.logic[i] as (d: unknown) => unknown)(data[e]));
      if (closure !== want || out[i] !== want || logic !== want) {
        const id = engines.rules[i]?.id;
        throw new Error(
          `bench sanity (${shape.name}): event ${e}, rule ${id}: compiled ${want}, closure ${closure}, fused ${out[i]}, json-logic ${logic}`,
        );
      }
    }
    if (e < JRE_CHECKED) {
      const result = await engines.jre.run({ ...facts });
      const fired = new Set(result.results.map((r) => String(r.name)));
      for (let i = 0; i < n; i++) {
        const id = engines.rules[i]?.id as string;
        if (fired.has(id) !== (compiled[i] === true)) {
          throw new Error(
            `bench sanity (${shape.name}): event ${e}, rule ${id}: json-rules-engine disagrees`,
          );
        }
      }
    }
  }
  return firedTotal / shape.events.length;
}

/**
 * CPU nanoseconds per event of `run`, cycling through `events` events for at least `ms` ms of CPU
 * time. Other processes on the machine lengthen wall time far more than this process's CPU time.
 */
function nsPerEvent(events: number, run: (i: number) => void, ms: number): number {
  let done = 0;
  const start = cpuMs();
  let elapsed = 0;
  do {
    for (let i = 0; i < events; i++) run(i);
    done += events;
    elapsed = cpuMs() - start;
  } while (elapsed < ms);
  return (elapsed * 1e6) / done;
}

async function jreNsPerEvent(shape: ConditionShape, jre: JreEngine, ms: number): Promise<number> {
  let done = 0;
  const start = cpuMs();
  while (cpuMs() - start < ms) {
    await jre.run({ ...(shape.events[done % shape.events.length] as Facts) });
    done++;
  }
  return ((cpuMs() - start) * 1e6) / done;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

export interface ShapeResult {
  shape: string;
  rules: number;
  firedPerEvent: number;
  /** ns per event, median of the rounds. */
  ns: { closures: number; fused: number; compiled: number; logic: number; jre: number };
  setup: Engines['setup'];
}

/** Checks, then measures one shape: ROUNDS interleaved rounds per engine, the median kept. */
export async function measureShape(
  shape: ConditionShape,
  engines: Engines = prepareEngines(shape),
  rounds = 7,
  ms = 150,
): Promise<ShapeResult> {
  const data = shape.events.map(logicData);
  const firedPerEvent = await checkFiredSets(shape, engines, data);
  const { rules, compiled, logic } = engines;
  const n = rules.length;
  const events = shape.events as Facts[];
  const out: boolean[] = new Array(n).fill(false);
  let sink = 0;
  const runners: Record<'closures' | 'fused' | 'compiled' | 'logic', (i: number) => void> = {
    closures: (e) => {
      const f = events[e] as Facts;
      for (let i = 0; i < n; i++) if ((shape.closures[i] as (f: Facts) => boolean)(f)) sink++;
    },
    fused: (e) => {
      shape.fused(events[e] as Facts, out);
      for (let i = 0; i < n; i++) if (out[i]) sink++;
    },
    compiled: (e) => {
      const flags = compiled.fired('need', rules, new EventFacts(events[e] as Facts)) as readonly boolean[];
      for (let i = 0; i < n; i++) if (flags[i]) sink++;
    },
    logic: (e) => {
      const d = data[e];
      for (let i = 0; i < n; i++) if ((logic[i] as (d: unknown) => unknown)(d)) sink++;
    },
  };
  const samples: Record<keyof typeof runners, number[]> = {
    closures: [],
    fused: [],
    compiled: [],
    logic: [],
  };
  for (const name of Object.keys(runners) as Array<keyof typeof runners>)
    nsPerEvent(events.length, runners[name], ms);
  for (let r = 0; r < rounds; r++) {
    for (const name of Object.keys(runners) as Array<keyof typeof runners>) {
      samples[name].push(nsPerEvent(events.length, runners[name], ms));
    }
  }
  const jre = await jreNsPerEvent(shape, engines.jre, 1000);
  if (sink < 0) throw new Error('unreachable');
  return {
    shape: shape.name,
    rules: n,
    firedPerEvent,
    ns: {
      closures: median(samples.closures),
      fused: median(samples.fused),
      compiled: median(samples.compiled),
      logic: median(samples.logic),
      jre,
    },
    setup: engines.setup,
  };
}

const f1 = (x: number) => x.toFixed(1);
const pct = (x: number) => `${(x * 100).toFixed(0)}%`;

/** The table of one shape: time per event and its ratios to the closures and to the fused function. */
export function shapeTable(r: ShapeResult): string {
  const row = (name: string, ns: number, setup: string) => [
    name,
    f1(ns / 1000),
    (ns / r.ns.closures).toFixed(2),
    (ns / r.ns.fused).toFixed(2),
    setup,
  ];
  const ms = (x: number) => `${x.toFixed(1)} ms`;
  return markdownTable(
    ['engine', 'CPU µs/event', '÷ closures', '÷ fused', 'setup (CPU)'],
    [
      row('hand-written closures, one per rule', r.ns.closures, '-'),
      row('hand-fused function', r.ns.fused, '-'),
      row('engageloop compiled (fired, trace off)', r.ns.compiled, ms(r.setup.compiled)),
      row('json-logic-engine 5 compiled (build)', r.ns.logic, ms(r.setup.logic)),
      row('json-rules-engine 7.3', r.ns.jre, ms(r.setup.jre)),
    ],
  );
}

/** The shape's targets: compiled vs closures, vs fused, vs json-logic-engine, setup bound. */
export function shapeVerdicts(r: ShapeResult, setupBoundMs: number): string {
  const ofClosures = r.ns.closures / r.ns.compiled;
  const ofFused = r.ns.fused / r.ns.compiled;
  const vsLogic = r.ns.logic / r.ns.compiled;
  const met = (ok: boolean) => (ok ? 'met' : 'NOT met');
  return [
    `${r.rules} rules, ${r.firedPerEvent.toFixed(2)} fire per event; fired sets equal on every engine`,
    `compiled at ${pct(ofClosures)} of the closures' speed (≥ 60%: ${met(ofClosures >= 0.6)}), ${pct(ofFused)} of the fused function's (≥ 25%: ${met(ofFused >= 0.25)}), ×${vsLogic.toFixed(2)} json-logic-engine compiled (> 1: ${met(vsLogic > 1)})`,
    `setup ${r.setup.compiled.toFixed(1)} ms (≤ ${setupBoundMs} ms: ${met(r.setup.compiled <= setupBoundMs)}); json-rules-engine ×${(r.ns.jre / r.ns.closures).toFixed(0)} the closures' time`,
  ].join('\n');
}
