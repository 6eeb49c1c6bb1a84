/**
 * The store contract suite (vitest): every `Store` implementation runs it, with fault hooks for the cases
 * that need a failing commit or an expiring lease. Errors are asserted by code.
 *
 * @module @engageloop/core/contract
 */
import { afterEach, beforeEach, describe } from 'vitest';
import type { Store } from '../store/types';
import { batchCases } from './batches';
import { concurrencyCases } from './concurrency';
import type { ContractContext, StoreContractOptions } from './context';
import { counterCases } from './counters';
import { derivedCases } from './derived';
import { documentCases } from './documents';
import { finalCommitCases } from './final-commit';
import { lifecycleCases } from './lifecycle';
import { outboxCases } from './outbox';
import { outboxRetentionCases } from './outbox-retention';
import { recordCases } from './records';
import { retentionCases } from './retention';
import { syncCases } from './sync';
import { timerCases } from './timers';
import { transactionCases } from './transactions';

export type { StoreContractOptions } from './context';

/**
 * Registers the store contract suite: every `Store` implementation must pass it.
 * Each case gets a fresh store from `factory` and closes it afterwards. Errors are asserted by code.
 *
 * @example
 * // packages/store-sqlite/src/sqlite-store.test.ts
 * import { runStoreContract } from '@engageloop/core/contract';
 * runStoreContract('sqlite', () => createSqliteStore({ filename: ':memory:' }), {
 *   faults: { failNextCommit: (store) => failNextSqliteCommit(store) },
 * });
 */
export function runStoreContract(
  name: string,
  factory: () => Store | Promise<Store>,
  options: StoreContractOptions = {},
): void {
  describe(`${name} store contract`, () => {
    let current: Store | undefined;
    beforeEach(async () => {
      current = await factory();
    });
    afterEach(async () => {
      const s = current;
      current = undefined;
      await s?.close();
    });
    const context: ContractContext = {
      store: () => {
        if (current === undefined) throw new Error('The contract store is only available inside a test.');
        return current;
      },
      options,
    };
    describe('units of work', () => transactionCases(context));
    describe('final commits (CommitOptions.final)', () => finalCommitCases(context));
    describe('recorded outcomes', () => recordCases(context));
    describe('record retention (compactRecords)', () => retentionCases(context));
    describe('batches (a unit of work over many keys)', () => batchCases(context));
    describe('synchronous face (StoreTransaction.sync)', () => syncCases(context));
    describe('documents and counters', () => documentCases(context));
    describe('counter families (topCounters)', () => counterCases(context));
    describe('timers', () => timerCases(context));
    describe('entities and the derived events queue', () => derivedCases(context));
    describe('outbox', () => outboxCases(context));
    describe('outbox retention (compactOutbox)', () => outboxRetentionCases(context));
    describe('privacy and lifecycle', () => lifecycleCases(context));
    if (options.concurrency !== false) describe('concurrency', () => concurrencyCases(context));
  });
}
