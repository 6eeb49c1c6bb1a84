/**
 * Memory, SQLite and PostgreSQL give identical results (issue 21): every example policy runs its own
 * generated stream (`generateEvents({ policy })`: groups, items, likes, votes, reviews, track moves, undos),
 * in a time zone with a daylight-saving change inside the stream, with `tick` closing periods (local midnight
 * contests, group-buy deadlines, voting deadlines) — and each store ends with the same outcomes, documents
 * (ledgers, badges, community state), counters (leaderboards), messages and timers as the memory store.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { firstPartyPlugins, generateEvents, pluginsForPolicy } from '@engageloop/cli';
import {
  createEngine,
  createManualClock,
  createMemoryStore,
  type LoopEvent,
  loadPolicy,
  type Outcome,
  type Plugin,
  type Policy,
  type PolicyDocument,
  type Store,
} from '@engageloop/core';
import { expect, it } from 'vitest';
import { onEveryStore } from '../batching/every-store';

const DIR = new URL('../../docs/examples/', import.meta.url);
/**
 * The programmes of issue 21: examples that use the community plugin, or undo (compensation of badges,
 * milestones and distinct counters) — read from each file, so new examples join.
 */
const EXAMPLES = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .filter((f) => /"community\.|"undoes"/.test(readFileSync(new URL(f, DIR), 'utf8')))
  .map((f) => f.slice(0, -'.json'.length));
/** New York: clocks go forward on 8 March 2026, inside the stream; periods end at local midnight. */
const ZONE = 'America/New_York';
const START = '2026-03-02T00:00:00Z';
const TICK = 6 * 3_600_000;
/** Ticks run this long past the last event, so the month's contests and digests close. */
const AFTER = 35 * 86_400_000;

interface Stream {
  policy: Policy;
  plugins: Plugin[];
  events: LoopEvent[];
}

const streams = new Map<string, Stream>();
function streamOf(name: string): Stream {
  const known = streams.get(name);
  if (known) return known;
  const doc = JSON.parse(readFileSync(new URL(`${name}.json`, DIR), 'utf8')) as PolicyDocument;
  const zoned = { ...doc, defaults: { ...doc.defaults, timezone: ZONE } } as PolicyDocument;
  const plugins = pluginsForPolicy(zoned, firstPartyPlugins());
  const policy = loadPolicy(zoned, { plugins });
  const events = [
    ...generateEvents({ policy: { policy, plugins }, users: 24, days: 40, seed: 21, start: START }),
  ];
  const stream = { policy, plugins, events };
  streams.set(name, stream);
  return stream;
}

const line = (o: Outcome) =>
  `${o.type} ${o.entity ?? o.userId} ${o.eventId} ${o.status} [${o.fired.join(',')}] ${o.messages.length}`;

/** Runs an example's stream on a store and reads back everything the store holds. */
async function runOn(store: Store, name: string) {
  const { policy, plugins, events } = streamOf(name);
  const clock = createManualClock(START);
  const engine = createEngine({ plugins, policy, store, clock });
  const outcomes: string[] = [];
  let next = Date.parse(START) + TICK;
  let batch: LoopEvent[] = [];
  const flush = async () => {
    const sent = batch;
    batch = [];
    if (sent.length === 0) return;
    const results = await engine.dispatchBatch(sent, {
      now: 'event',
      onDerived: (o) => void outcomes.push(line(o)),
    });
    outcomes.push(...results.map(line));
  };
  const tickTo = async (time: number) => {
    for (; next <= time; next += TICK) {
      clock.set(next);
      const report = await engine.tick(next);
      outcomes.push(...report.outcomes.map(line), ...report.derived.map(line));
    }
  };
  for (const event of events) {
    const time = Date.parse(event.at);
    if (time >= next) {
      await flush();
      await tickTo(time);
    }
    clock.set(Math.max(clock.now(), time));
    batch.push(event);
    if (batch.length >= 200) await flush();
  }
  await flush();
  await tickTo(Date.parse(events.at(-1)?.at ?? START) + AFTER);

  const documents: Array<[string, unknown]> = [];
  for await (const { key, value } of store.listDocuments('')) documents.push([key, value]);
  const counters = await store.topCounters('', { limit: 10_000 });
  const messages = (await store.listMessages()).map((m) => [m.id, m.userId, m.topic, m.body, m.status]);
  const timers = (await store.listTimers()).map((t) => [t.id, t.userId, t.type, t.dueAt]);
  await engine.close();
  return { outcomes, documents, counters, messages: messages.sort(), timers: timers.sort() };
}

const reference = new Map<string, ReturnType<typeof runOn>>();
const memoryRun = (name: string) => {
  const known = reference.get(name) ?? runOn(createMemoryStore(), name);
  reference.set(name, known);
  return known;
};

onEveryStore(
  "every example gives the memory store's outcomes, documents, counters, messages and timers",
  (open) => async () => {
    for (const name of EXAMPLES) {
      const expected = await memoryRun(name);
      const actual = await runOn(await open(), name);
      expect.soft(actual.outcomes.length, name).toBe(expected.outcomes.length);
      expect.soft(actual.outcomes, name).toEqual(expected.outcomes);
      expect.soft(actual.documents, name).toEqual(expected.documents);
      expect.soft(actual.counters, name).toEqual(expected.counters);
      expect.soft(actual.messages, name).toEqual(expected.messages);
      expect.soft(actual.timers, name).toEqual(expected.timers);
    }
  },
  { memory: 1, sqlite: 1, postgres: 1 },
);

it('the community examples exercise what they are compared on', async () => {
  const community = EXAMPLES.filter((n) => streamOf(n).plugins.some((p) => p.name === 'community'));
  expect(community.length).toBeGreaterThanOrEqual(3);
  const all = (await Promise.all(community.map(memoryRun))).flatMap((r) => r.outcomes);
  for (const type of ['community.contest.won', 'community.group.goal', 'community.contribution.moved'])
    expect(
      all.some((o) => o.startsWith(`${type} `) && o.includes(' applied ')),
      type,
    ).toBe(true);
}, 240_000);
