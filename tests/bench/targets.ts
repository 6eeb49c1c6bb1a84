import { type Measurement, markdownTable } from './measure';

/** What one bench run measured, for the closing table of issue 10's targets. */
export interface TargetInputs {
  /** raw json-rules-engine, compiled, hand-written (./conditions.ts). */
  conditions: readonly Measurement[];
  /** The full dispatch rows of the first table: fresh and steady state, with and without incentives. */
  dispatch: readonly Measurement[];
  /** The machine-noise row: constant work timed like a dispatch. */
  noise: Measurement;
  /** ./scaling.ts rows, named `scaling: <n> rules …`. */
  scaling: readonly Measurement[];
  /** ./stores.ts rows (SQLite, PostgreSQL 1 and N instances). */
  stores: readonly Measurement[];
  /** Memory store, measured (./memory.ts). */
  memoryBytesPerUser: number;
}

const n0 = (x: number) => Math.round(x).toLocaleString('en-US');
const verdict = (met: boolean) => (met ? 'met' : 'not met');

function byName(rows: readonly Measurement[], starts: string): Measurement | undefined {
  return rows.find((r) => r.name.startsWith(starts));
}

/** events/s at 1,000 rules over events/s at 10 rules, for one scaling variant (`undefined` if absent). */
function scalingRatio(rows: readonly Measurement[], variant: 'listen' | 'condition'): number | undefined {
  const pick = (n: number) =>
    rows.find(
      (r) =>
        r.name.startsWith(`scaling: ${n} rules`) &&
        (variant === 'condition') === r.name.includes('type as condition'),
    );
  const ten = pick(10);
  const thousand = pick(1000);
  return ten && thousand ? thousand.perSecond / ten.perSecond : undefined;
}

/**
 * The closing table: each figure issue 10 asks for, the figure this run measured, and whether it is met.
 * Nothing here is measured again: it reads the rows printed above.
 */
export function targetTable(input: TargetInputs): string {
  const [raw, compiled, hand] = input.conditions as [Measurement, Measurement, Measurement];
  const vsRaw = compiled.perSecond / raw.perSecond;
  const vsHand = compiled.perSecond / hand.perSecond;
  const { dispatch } = input;
  const best = dispatch.reduce((a, b) => (b.perSecond > a.perSecond ? b : a));
  const bestP99 = dispatch.reduce((a, b) => (b.p99 < a.p99 ? b : a));
  const listed = dispatch.map((r) => `${n0(r.perSecond)} (${shortName(r.name)})`).join('; ');
  const p99s = dispatch.map((r) => `${r.p99.toFixed(0)} (${shortName(r.name)})`).join('; ');
  const listen = scalingRatio(input.scaling, 'listen');
  const condition = scalingRatio(input.scaling, 'condition');
  const sqlite = byName(input.stores, 'SQLite');
  const pgOne = byName(input.stores, 'PostgreSQL dispatch (1 instance)');
  const pgMany = input.stores.find((r) => /PostgreSQL dispatch \(\d+ instances/.test(r.name));
  const pgRatio = pgOne && pgMany ? pgMany.perSecond / pgOne.perSecond : undefined;
  const percent = (x: number | undefined) => (x === undefined ? '-' : `${(x * 100).toFixed(0)}%`);

  const rows: string[][] = [
    [
      'conditions: compiled vs raw json-rules-engine',
      '≥ ×100',
      `×${vsRaw.toFixed(0)}`,
      verdict(vsRaw >= 100),
    ],
    ['conditions: compiled vs hand-written closures', '≥ 50%', percent(vsHand), verdict(vsHand >= 0.5)],
    [
      'full dispatch, memory store, trace off: events/s',
      '≥ 100,000',
      listed,
      verdict(best.perSecond >= 100_000),
    ],
    [
      'full dispatch: p99 µs',
      '≤ 50',
      `${p99s}; machine noise floor ${input.noise.p99.toFixed(0)}`,
      bestP99.p99 <= 50 ? 'met' : `not met (floor ${input.noise.p99.toFixed(0)})`,
    ],
    [
      'scaling: events/s at 1,000 rules ÷ at 10 (rules that cannot fire)',
      'cost ~nothing (sub-linear)',
      `${percent(listen)} with \`on\`, ${percent(condition)} with the type as a condition`,
      verdict((listen ?? 0) >= 0.5 && (condition ?? 0) >= 0.5),
    ],
    [
      'SQLite: events/s, p99',
      'reported',
      sqlite ? `${n0(sqlite.perSecond)}, p99 ${(sqlite.p99 / 1000).toFixed(1)} ms` : 'not run',
      sqlite ? 'reported' : '-',
    ],
    [
      'PostgreSQL: events/s, p99',
      'reported',
      pgOne
        ? `${n0(pgOne.perSecond)}, p99 ${(pgOne.p99 / 1000).toFixed(1)} ms`
        : 'not run (ENGAGELOOP_PG_URL unset)',
      pgOne ? 'reported' : '-',
    ],
    [
      'PostgreSQL: several instances ÷ 1 instance',
      '≥ ×3 (4 instances)',
      pgRatio === undefined
        ? 'not run'
        : `×${pgRatio.toFixed(2)} (bound on this machine: see the CPU note above)`,
      pgRatio === undefined ? '-' : verdict(pgRatio >= 3),
    ],
    ['memory store: bytes per user (measured)', 'reported', n0(input.memoryBytesPerUser), 'reported'],
  ];
  return markdownTable(['target (issue 10)', 'required', 'measured in this run', 'verdict'], rows);
}

/** A short label for a dispatch row in the targets table. */
function shortName(name: string): string {
  const steady = name.startsWith('steady');
  const points = name.includes('incentives');
  return `${steady ? 'steady' : 'fresh'}${points ? ' + incentives' : ''}`;
}
