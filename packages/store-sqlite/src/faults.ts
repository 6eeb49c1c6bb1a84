import type { Store } from '@engageloop/core';

/** Fault switches of one SQLite store (test hook, not part of the public API). */
export interface SqliteFaults {
  /** The next commit writes everything, then fails inside its SQLite transaction (so it rolls back). */
  failNextCommit: boolean;
}

const faultsByStore = new WeakMap<Store, SqliteFaults>();

export const registerFaults = (store: Store, faults: SqliteFaults): void => {
  faultsByStore.set(store, faults);
};

/**
 * Test hook: makes the next commit of a SQLite store fail with `STORE_ERROR` after its writes were issued,
 * so the rollback of the real database transaction is what keeps the store unchanged.
 */
export function failNextSqliteCommit(store: Store): void {
  const faults = faultsByStore.get(store);
  if (faults === undefined) throw new TypeError('Not a SQLite store.');
  faults.failNextCommit = true;
}
