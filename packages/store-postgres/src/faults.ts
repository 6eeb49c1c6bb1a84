import type { Store } from '@engageloop/core';

/** Fault switches of one PostgreSQL store (test hook, not part of the public API). */
export interface PostgresFaults {
  /** The next commit issues its writes, then fails inside the database transaction (so they roll back). */
  failNextCommit: boolean;
}

const faultsByStore = new WeakMap<Store, PostgresFaults>();

export const registerFaults = (store: Store, faults: PostgresFaults): void => {
  faultsByStore.set(store, faults);
};

/** Test hook: makes the next commit of a PostgreSQL store fail with `STORE_ERROR` after its writes were sent. */
export function failNextPostgresCommit(store: Store): void {
  const faults = faultsByStore.get(store);
  if (faults === undefined) throw new TypeError('Not a PostgreSQL store.');
  faults.failNextCommit = true;
}
