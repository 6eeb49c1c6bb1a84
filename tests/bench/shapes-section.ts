import { measureShape, prepareEngines, shapeTable, shapeVerdicts } from './shape-bench';
import { allCandidatesShape } from './shapes/all-candidates';
import { deepRefsShape } from './shapes/deep-refs';
import { pathsCustomShape } from './shapes/paths-custom';

const EVENTS = Number(process.env.BENCH_SHAPE_EVENTS ?? 2_000);

/** Issue 23's setup bounds: 40 rules in 20 ms, 1,000 in 200 ms (0.2 ms a rule in between). */
const setupBound = (rules: number) => (rules <= 40 ? 20 : rules * 0.2);

/** Every condition shape (its table and verdicts), then setup at 1,000 rules, as text. */
export async function conditionShapeSection(): Promise<string> {
  const parts: string[] = [];
  const shapes = [allCandidatesShape(EVENTS), deepRefsShape(EVENTS), pathsCustomShape(EVENTS)];
  // every setup first, before any timing loop leaves the JIT and the collector busy in the background
  const prepared = shapes.map((shape) => prepareEngines(shape));
  const big = prepareEngines(pathsCustomShape(10, 1_000));
  for (const [i, shape] of shapes.entries()) {
    const r = await measureShape(shape, prepared[i]);
    parts.push(`shape: ${r.shape}\n\n${shapeTable(r)}\n${shapeVerdicts(r, setupBound(r.rules))}\n`);
  }
  const ms = big.setup.compiled;
  parts.push(
    `setup at 1,000 rules (paths + custom operators): engageloop compiled ${ms.toFixed(1)} ms (≤ 200 ms: ${ms <= 200 ? 'met' : 'NOT met'}), json-logic-engine ${big.setup.logic.toFixed(1)} ms, json-rules-engine ${big.setup.jre.toFixed(1)} ms\n`,
  );
  return parts.join('\n');
}
