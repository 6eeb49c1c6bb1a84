import { runStoreContract } from '@engageloop/core/contract';
import { createMemoryStore, failNextMemoryCommit } from './memory-store';

runStoreContract('memory', () => createMemoryStore(), { faults: { failNextCommit: failNextMemoryCommit } });

// Every document kept as JSON text (`hotDocuments: 0`): the same contract through the parse-on-read path.
runStoreContract('memory, documents as text', () => createMemoryStore({ hotDocuments: 0 }), {
  faults: { failNextCommit: failNextMemoryCommit },
});
