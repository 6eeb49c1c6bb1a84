/** Latency samples → throughput and percentiles. */
export interface Measurement {
  name: string;
  events: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  /**
   * CPU time of this process per item (user + system, µs), GC threads included. Unlike wall-clock
   * figures it barely moves when other processes load the machine: compare rows with it then.
   * Absent for rows measured in other processes (the PostgreSQL instances report their CPU in notes).
   */
  cpuPerItem?: number;
}

export async function measure(
  name: string,
  items: number,
  run: (i: number) => unknown | Promise<unknown>,
): Promise<Measurement> {
  const samples = new Float64Array(items);
  const cpu = process.cpuUsage();
  const start = performance.now();
  for (let i = 0; i < items; i++) {
    const t = performance.now();
    const r = run(i);
    if (r && typeof (r as Promise<unknown>).then === 'function') await r;
    samples[i] = (performance.now() - t) * 1000;
  }
  const seconds = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  return measurementOf(name, items, samples.sort(), seconds, used);
}

/**
 * A row of `items` items from its latency samples (µs, sorted ascending: one per item, or per call of a batch),
 * its duration and, when measured in this process, the CPU it used (`process.cpuUsage(start)`).
 */
export function measurementOf(
  name: string,
  items: number,
  sorted: ArrayLike<number>,
  seconds: number,
  used?: NodeJS.CpuUsage,
): Measurement {
  const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
  return {
    name,
    events: items,
    seconds,
    perSecond: items / seconds,
    p50: pct(0.5),
    p99: pct(0.99),
    ...(used === undefined ? {} : { cpuPerItem: (used.user + used.system) / items }),
  };
}

export function table(rows: Measurement[], baseline: string): string {
  const base = rows.find((r) => r.name === baseline);
  const header = ['benchmark', 'events', 'events/s', 'p50 µs', 'p99 µs', 'CPU µs/event', `× ${baseline}`];
  const body = rows.map((r) => [
    r.name,
    String(r.events),
    r.perSecond.toFixed(0),
    r.p50.toFixed(1),
    r.p99.toFixed(1),
    r.cpuPerItem === undefined ? '-' : r.cpuPerItem.toFixed(1),
    base ? (r.perSecond / base.perSecond).toFixed(2) : '-',
  ]);
  return markdownTable(header, body);
}

/** A Markdown table with padded columns. */
export function markdownTable(header: readonly string[], body: readonly string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}
