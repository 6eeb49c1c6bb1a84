import { runStoreContract } from '@engageloop/core/contract';
import { createMemoryStore, failNextMemoryCommit } from './memory-store';

runStoreContract('memory', () => createMemoryStore(), { faults: { failNextCommit: failNextMemoryCommit } });
