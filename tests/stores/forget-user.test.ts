/**
 * Issue 8: `forgetUser(userId)` after a real engine run erases the user's personal data from every table
 * (state document, ledger, timers, pending messages, message bodies) on the memory, SQLite and PostgreSQL
 * stores, while aggregate figures (messages sent, outcomes recorded, other users' state) stay as they were.
 * Kept dedupe keys and recorded outcomes carry the pseudonym `forgottenUserId(userId)` instead of the raw id.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { community, honourWall, leaderboard } from '@engageloop/community';
import {
  createEngine,
  createManualClock,
  createMemoryStore,
  forgottenUserId,
  type LoopEvent,
  type PolicyDocument,
  type Store,
} from '@engageloop/core';
import { createSqliteStore } from '@engageloop/store-sqlite';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import {
  admin,
  describePg,
  dropSchemas,
  freshSchema,
  openStore,
} from '../../packages/store-postgres/src/pg-test-support';
import { storesEngine } from './support/scenario';

/** A user id that is personal data (it must not survive anywhere) and a bystander. */
const FORGOTTEN = 'alice@example.com';
const OTHER = 'bob@example.com';

const eventsOf = (userId: string, from: number, to: number): LoopEvent[] =>
  Array.from({ length: to - from }, (_, k) => ({
    id: `${userId === FORGOTTEN ? 'a' : 'b'}${from + k}`,
    type: 'task.done',
    userId,
    at: new Date(Date.parse('2026-01-02T00:00:00Z') + (from + k) * 3_600_000).toISOString(),
    payload: {},
  }));

/** Rows of every table, as text: where the forgotten id must not appear. */
type RawDump = () => Promise<string>;

interface Target {
  store: Store;
  raw?: RawDump;
}

const KEY = 'the host secret for pseudonyms!!';
const PSEUDONYM = forgottenUserId(FORGOTTEN, KEY);

async function everythingVisible(store: Store): Promise<string> {
  const docs: unknown[] = [];
  for await (const doc of store.listDocuments('')) docs.push(doc);
  return JSON.stringify([docs, await store.listMessages(), await store.listTimers()]);
}

async function runAndForget(target: Target) {
  const { store } = target;
  const engine = await storesEngine(store, undefined, { pseudonymKey: KEY });
  for (const event of [...eventsOf(FORGOTTEN, 0, 20), ...eventsOf(OTHER, 0, 20)])
    await engine.dispatch(event);
  await engine.drain(async () => undefined); // delivered: kept (anonymised) for the figures
  for (const event of [...eventsOf(FORGOTTEN, 20, 30), ...eventsOf(OTHER, 20, 30)])
    await engine.dispatch(event);

  expect(await store.listTimers({ userId: FORGOTTEN })).not.toHaveLength(0);
  expect(await store.listMessages({ userId: FORGOTTEN, status: 'pending' })).toHaveLength(10);
  const sentBefore = (await store.listMessages({ status: 'sent' })).length;
  const otherBefore = await engine.getUser(OTHER);
  const otherMessages = await store.listMessages({ userId: OTHER });

  expect(await engine.forgetUser(FORGOTTEN)).toEqual({ pseudonym: PSEUDONYM, documents: 0 });

  expect(await engine.getUser(FORGOTTEN)).toBeUndefined();
  expect(await store.listMessages({ userId: FORGOTTEN })).toEqual([]);
  expect(await store.listTimers({ userId: FORGOTTEN })).toEqual([]);
  expect(await everythingVisible(store)).not.toContain(FORGOTTEN);
  // Aggregates: the 20 delivered messages still count (anonymised, without bodies); the bystander is untouched.
  const sent = await store.listMessages({ status: 'sent' });
  expect(sent).toHaveLength(sentBefore);
  const anonymised = sent.filter((m) => m.userId === PSEUDONYM);
  expect(anonymised).toHaveLength(20);
  for (const m of anonymised)
    expect({ body: m.body, subject: m.subject, data: m.data }).toEqual({
      body: '',
      subject: null,
      data: {},
    });
  expect(await store.listMessages({ status: 'pending' })).toHaveLength(10);
  expect(await engine.getUser(OTHER)).toEqual(otherBefore);
  expect(await store.listMessages({ userId: OTHER })).toEqual(otherMessages);

  // Replaying a forgotten user's old event does not resurrect them (the outcome is still recorded).
  const replay = await engine.dispatch(eventsOf(FORGOTTEN, 0, 1)[0] as LoopEvent);
  expect(replay.status).toBe('duplicate');
  expect(await engine.getUser(FORGOTTEN)).toBeUndefined();
  await store.close();
  // Read after close: the SQLite store holds its file exclusively while open.
  if (target.raw !== undefined) expect(await target.raw()).not.toContain(FORGOTTEN);
}

/** Community: a contest ranking users by score, and credits on items that feed an honour wall. */
const communityPolicy: PolicyDocument = {
  version: 1,
  name: 'forget-counters',
  defaults: { timezone: 'Asia/Shanghai', locale: 'en' },
  eventTypes: { 'help.done': {}, 'product.drafted': {}, 'idea.adopted': {} },
  settings: {
    community: { contests: [{ id: 'helpers', ranks: 'user', counts: 'score', period: 'day', top: 3 }] },
  },
  rules: [
    {
      id: 'help',
      stage: 'action',
      on: 'help.done',
      effects: [{ type: 'community.score', params: { contest: 'helpers' } }],
    },
    {
      id: 'draft',
      stage: 'action',
      on: 'product.drafted',
      effects: [{ type: 'community.createItem', params: { kind: 'product', idPath: '$.payload.product' } }],
    },
    {
      id: 'credit',
      stage: 'action',
      on: 'idea.adopted',
      effects: [{ type: 'community.credit', params: { as: 'naming', itemPath: '$.payload.product' } }],
    },
  ],
};
const T0 = Date.parse('2026-05-10T02:00:00Z');

/** A store whose units of work all fail from now on, as if the process were killed after the first `units`. */
function dyingAfter(store: Store, units: number): Store {
  let done = 0;
  return {
    ...store,
    kind: store.kind,
    transact: (keys, work) =>
      ++done > units ? Promise.reject(new Error('killed')) : store.transact(keys, work),
  };
}

/**
 * The user's id leaves the counters keyed by user (leaderboard, honour wall) and the payload of a derived event
 * still queued for an item (the process died after the cause committed); the values stay, under the pseudonym.
 */
async function forgetInCounters(target: Target) {
  const { store } = target;
  const options = {
    plugins: [community()],
    policy: communityPolicy,
    clock: createManualClock(T0),
    privacy: { pseudonymKey: KEY },
  };
  const engine = createEngine({ ...options, store });
  let n = 0;
  const send = (on: typeof engine, type: string, userId: string, payload: Record<string, unknown> = {}) =>
    on.dispatch({ id: `c${++n}`, type, userId, at: new Date(T0 + n * 1000).toISOString(), payload });
  for (const product of ['lamp', 'desk']) await send(engine, 'product.drafted', 'staff', { product });
  for (const user of [FORGOTTEN, FORGOTTEN, FORGOTTEN, OTHER]) await send(engine, 'help.done', user);
  await send(engine, 'idea.adopted', FORGOTTEN, { product: 'desk' });
  // Killed after the cause commits: the credit on the lamp stays queued, naming the user.
  const dying = createEngine({ ...options, store: dyingAfter(store, 1) });
  expect((await send(dying, 'idea.adopted', FORGOTTEN, { product: 'lamp' })).derived).toHaveLength(1);
  expect(JSON.stringify(await store.listTimers())).toContain(FORGOTTEN);

  await engine.forgetUser(FORGOTTEN);
  const contest = { id: 'helpers', period: 'day' as const, top: 3 };
  expect(await leaderboard(store, contest, T0, 'Asia/Shanghai')).toEqual([
    { entry: PSEUDONYM, value: 3 },
    { entry: OTHER, value: 1 },
  ]);
  expect(await honourWall(store, 'naming')).toEqual([{ user: PSEUDONYM, credits: 1 }]);
  expect((await store.listTimers()).filter((t) => t.derived).map((t) => t.payload.user)).toEqual([PSEUDONYM]);
  expect(await everythingVisible(store)).not.toContain(FORGOTTEN);
  // The queued credit, dispatched now, counts for the pseudonym.
  await engine.tick(T0 + 60_000);
  expect(await honourWall(store, 'naming')).toEqual([{ user: PSEUDONYM, credits: 2 }]);
  await store.close();
  if (target.raw !== undefined) expect(await target.raw()).not.toContain(FORGOTTEN);
}

function forgetSuite(open: () => Promise<Target>): void {
  it('moves the user in counters keyed by user and queued derived events to the pseudonym', async () => {
    await forgetInCounters(await open());
  }, 60_000);

  it('removes the personal data from every table and keeps the aggregates', async () => {
    await runAndForget(await open());
  }, 60_000);

  it('leaves no raw user id in dedupe keys or recorded outcomes', async () => {
    const target = await open();
    if (target.raw === undefined) return; // the memory store: checked through the store above
    await runAndForget(target);
    const dump = await target.raw();
    expect(dump).not.toContain(FORGOTTEN);
    expect(dump).toContain(PSEUDONYM);
  }, 60_000);

  it('keeps dedupe keys unique when a forgotten user comes back and is forgotten again', async () => {
    const target = await open();
    const { store } = target;
    const dedupeKey = `lifecycle:care:inactive:${FORGOTTEN}:2026-01`;
    const message = (id: string, eventId: string) => ({
      id,
      dedupeKey,
      userId: FORGOTTEN,
      kind: 'nudge',
      topic: 'care',
      channel: null,
      locale: null,
      subject: 'Hi',
      body: 'We miss you',
      data: { email: FORGOTTEN },
      eventId,
      ruleId: null,
      plugin: 'core',
      createdAt: 0,
      notBefore: 0,
      transactional: false,
    });
    const sendOne = async (id: string, eventId: string) => {
      await store.transact([`user:${FORGOTTEN}`], async (tx) => {
        await tx.commit({
          docs: [],
          counters: [],
          messages: [message(id, eventId)],
          cancelMessages: [],
          timers: { schedule: [], cancel: [], complete: [] },
        });
      });
      const [claimed] = await store.claimMessages({ now: 0, limit: 1, leaseMs: 1000, worker: 'w' });
      if (claimed === undefined) throw new Error('nothing claimed');
      await store.ackMessage(claimed.id, claimed.lease, 0);
    };
    await sendOne('m1', 'e1');
    await store.forgetUser(FORGOTTEN, PSEUDONYM);
    await sendOne('m2', 'e2'); // same raw dedupe key: the kept one was pseudonymised
    await store.forgetUser(FORGOTTEN, PSEUDONYM);
    const sent = await store.listMessages({ status: 'sent' });
    const visible = await everythingVisible(store);
    await store.close();
    const dump = target.raw === undefined ? visible : await target.raw();
    expect(sent.map((m) => m.id).sort()).toEqual(['m1', 'm2']);
    expect(new Set(sent.map((m) => m.dedupeKey)).size).toBe(2);
    for (const m of sent) expect(m.dedupeKey).toContain(PSEUDONYM);
    expect(dump).not.toContain(FORGOTTEN);
  }, 60_000);
}

describe('forgetUser: memory store', () => {
  forgetSuite(async () => ({ store: createMemoryStore() }));
});

describe('forgetUser: SQLite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'engageloop-forget-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let n = 0;
  forgetSuite(async () => {
    n += 1;
    const filename = join(dir, `forget-${n}.db`);
    const raw: RawDump = async () => {
      const db = new Database(filename, { readonly: true });
      try {
        const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{
          name: string;
        }>;
        return JSON.stringify(tables.map((t) => db.prepare(`SELECT * FROM "${t.name}"`).all()));
      } finally {
        db.close();
      }
    };
    return { store: createSqliteStore({ filename }), raw };
  });
});

describePg('forgetUser: PostgreSQL', () => {
  afterAll(() => dropSchemas());
  forgetSuite(async () => {
    const schema = freshSchema();
    const raw: RawDump = async () => {
      const tables = await admin<{ table_name: string }>(
        'SELECT table_name FROM information_schema.tables WHERE table_schema = $1',
        [schema],
      );
      const dumps = [];
      for (const t of tables) dumps.push(await admin(`SELECT * FROM "${schema}"."${t.table_name}"`));
      return JSON.stringify(dumps);
    };
    return { store: await openStore(schema), raw };
  });
});
