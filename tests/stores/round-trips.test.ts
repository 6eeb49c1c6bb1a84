import { createPostgresStore } from '@engageloop/store-postgres';
import { afterAll, expect, it } from 'vitest';
import {
  describePg,
  dropSchemas,
  freshSchema,
  PG_URL,
} from '../../packages/store-postgres/src/pg-test-support';
import { loggedPool } from './support/query-log';
import { storesEngine, taskEvents } from './support/scenario';

describePg('PostgreSQL: round trips per dispatch', () => {
  afterAll(() => dropSchemas());

  it('dispatches a fresh event in 3 round trips and a replay in 2', async () => {
    const logged = loggedPool(PG_URL ?? '');
    const store = createPostgresStore({ pool: logged.pool, schema: freshSchema() });
    try {
      await store.migrate();
      const engine = await storesEngine(store);
      const events = taskEvents(30, 3);
      const perEvent: string[][] = [];
      for (const event of events) {
        logged.take();
        expect((await engine.dispatch(event)).status).toBe('applied');
        perEvent.push(logged.take());
      }
      for (const statements of perEvent) {
        expect(statements).toHaveLength(3);
        // BEGIN travels in the same batch as the prepared open call (one Sync, one round trip); were it
        // missing, the contract's "writes nothing when the work throws after committing" would fail.
        expect(statements[0]).toMatch(/^SELECT \* FROM "[^"]+"\.engageloop_open2\(/);
        expect(statements[1]).toMatch(/^SELECT "[^"]+"\.engageloop_commit2\(/);
        expect(statements[2]).toBe('COMMIT');
      }
      const replay = await engine.dispatch(events[0]!);
      expect(replay.status).toBe('duplicate');
      expect(logged.take()).toHaveLength(2);
      await engine.close();
    } finally {
      await logged.pool.end();
    }
  });
});
