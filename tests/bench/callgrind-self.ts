/**
 * The self cost per function of a callgrind dump, JIT-compiled JavaScript named: callgrind names code it has no
 * symbol for by its address, which the perf map V8 writes with `--perf-basic-prof` (`/tmp/perf-<pid>.map`: start,
 * size and name of every piece of code it made) turns back into the JavaScript function (or builtin, or
 * bytecode handler) it is. Used by `count-memory.ts` (BENCH_COUNT_TOP).
 */
import { existsSync, readFileSync } from 'node:fs';

interface CodeRange {
  start: number;
  end: number;
  name: string;
}

/** The perf map's code ranges, sorted by start. */
function perfMap(file: string): CodeRange[] {
  if (!existsSync(file)) return [];
  const ranges: CodeRange[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^([0-9a-f]+) ([0-9a-f]+) (.*)$/.exec(line);
    if (m === null) continue;
    const start = Number.parseInt(m[1] as string, 16);
    ranges.push({ start, end: start + Number.parseInt(m[2] as string, 16), name: m[3] as string });
  }
  return ranges.sort((a, b) => a.start - b.start);
}

/** The name of the code at `address` (the last range starting at or before it, if it holds the address). */
function nameAt(ranges: readonly CodeRange[], address: number): string | undefined {
  let lo = 0;
  let hi = ranges.length - 1;
  let found: CodeRange | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = ranges[mid] as CodeRange;
    if (r.start <= address) {
      found = r;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found !== undefined && address < found.end ? found.name : undefined;
}

/**
 * The weight of a cost line's columns (`events`: the dump's event names): instructions alone, or with the cache
 * simulation KCachegrind's cycle estimate (instructions + 10 × first-level misses + 100 × last-level misses).
 */
export function costWeights(events: readonly string[]): number[] {
  return events.map((e) =>
    e === 'Ir' ? 1 : /^(I1mr|D1mr|D1mw)$/.test(e) ? 10 : /^(ILmr|DLmr|DLmw)$/.test(e) ? 100 : 0,
  );
}

/** What `parseDump` reads from a dump: self cost per function and the cost of calls per caller → callee. */
export interface DumpCosts {
  /** Function → its self cost, largest first. */
  self: Array<[string, number]>;
  /** Callee → caller → calls made and their inclusive cost. */
  calls: Map<string, Map<string, { calls: number; cost: number }>>;
}

/**
 * Self costs and call edges of the callgrind dump `text` (weighted by `costWeights`: instructions, or the cycle
 * estimate when the dump has the cache simulation's events), functions callgrind knows only by address named from
 * `perfMapFile` (JIT code; several pieces of one function add up). A cost line right after a `calls=` line is the
 * inclusive cost of those calls, which belongs to the callee, not to the caller's self cost.
 */
export function parseDump(text: string, perfMapFile: string): DumpCosts {
  const ranges = perfMap(perfMapFile);
  const weights = costWeights(/^events: (.+)$/m.exec(text)?.[1]?.split(' ') ?? ['Ir']);
  const ids = new Map<string, string>();
  const resolved = new Map<string, string>();
  /** A function's name: its symbol, or for an address the code the perf map says is there. */
  const nameOf = (raw: string): string => {
    let name = resolved.get(raw);
    if (name === undefined) {
      const address = /^0x([0-9a-f]+)/.exec(raw);
      name = (address && nameAt(ranges, Number.parseInt(address[1] as string, 16))) || raw;
      resolved.set(raw, name);
    }
    return name;
  };
  /** `fn=(id) name` / `fn=(id)` (name compression) / `fn=name`: the name. */
  const named = (spec: string): string => {
    const m = /^\((\d+)\)(?: (.*))?$/.exec(spec);
    if (m === null) return nameOf(spec);
    if (m[2] !== undefined) ids.set(m[1] as string, m[2]);
    return nameOf(ids.get(m[1] as string) ?? spec);
  };
  const self = new Map<string, number>();
  const calls: DumpCosts['calls'] = new Map();
  let current = '';
  let callee = '';
  let pendingCalls = -1;
  for (const line of text.split('\n')) {
    if (line.startsWith('fn=')) current = named(line.slice(3));
    else if (line.startsWith('cfn=')) callee = named(line.slice(4));
    else if (line.startsWith('calls=')) pendingCalls = Number(line.slice(6).split(' ')[0]);
    else if (/^[0-9+*-]/.test(line)) {
      const columns = line.split(' ');
      let cost = 0;
      for (let i = 0; i < weights.length; i++) cost += (weights[i] as number) * Number(columns[i + 1] ?? 0);
      if (pendingCalls < 0) self.set(current, (self.get(current) ?? 0) + cost);
      else {
        let callers = calls.get(callee);
        if (callers === undefined) {
          callers = new Map();
          calls.set(callee, callers);
        }
        const edge = callers.get(current) ?? { calls: 0, cost: 0 };
        edge.calls += pendingCalls;
        edge.cost += cost;
        callers.set(current, edge);
        pendingCalls = -1;
      }
    }
  }
  return { self: [...self].sort((x, y) => y[1] - x[1]), calls };
}
