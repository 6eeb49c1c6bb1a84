import { runStoreContract } from '@engageloop/core/contract';
import { afterAll } from 'vitest';
import { advancePostgresLeaseClock, failNextPostgresCommit } from './faults';
import { describePg, dropSchemas, freshSchema, openStore } from './pg-test-support';

describePg('postgres store (contract)', () => {
  afterAll(dropSchemas);
  runStoreContract('postgres', () => openStore(freshSchema()), {
    faults: { failNextCommit: failNextPostgresCommit },
    leaseClock: { advance: advancePostgresLeaseClock },
  });
});
