import { runStoreContract } from '@engageloop/core/contract';
import { failNextSqliteCommit } from './faults';
import { createSqliteStore } from './sqlite-store';

runStoreContract('sqlite', () => createSqliteStore({ filename: ':memory:' }), {
  faults: { failNextCommit: failNextSqliteCommit },
});
