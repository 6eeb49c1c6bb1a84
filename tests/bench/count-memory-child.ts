/**
 * The counted run of `count-memory.ts` (which starts it under callgrind): `<checkout> <part> <skip> <events>`.
 * The row's engine from the checkout's built packages, its stream's first `skip` events unmeasured, then `events`
 * events between `os.uptime()` and `os.getPriority()`, the calls callgrind zeroes and dumps its counts at. Prints
 * the measured events' outcome statuses as JSON.
 */
import { getPriority, uptime } from 'node:os';
import { builtMemoryEngine, builtPackages } from './bench-report';
import { benchEvents } from './policy-40';

const SIZE = 500;
const USERS = 5_000;

const [checkout = '', part = 'all', skip = '20000', count = '20000'] = process.argv.slice(2);
const engine = builtMemoryEngine(await builtPackages(checkout), part);
const events = benchEvents(Number(skip) + Number(count), USERS);
const batches = (from: number, to: number) => {
  const out = [];
  for (let i = from; i < to; i += SIZE) out.push(events.slice(i, Math.min(i + SIZE, to)));
  return out;
};
const statuses: Record<string, number> = {};
const run = async (list: ReturnType<typeof batches>, tally: boolean) => {
  for (const batch of list)
    for (const o of await engine.dispatchBatch(batch, { batchSize: SIZE }))
      if (tally) statuses[o.status] = (statuses[o.status] ?? 0) + 1;
};
await run(batches(0, Number(skip)), false);
const measured = batches(Number(skip), events.length);
uptime();
await run(measured, true);
getPriority();
process.stdout.write(`${JSON.stringify({ statuses })}\n`);
