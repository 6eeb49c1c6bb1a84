import type { Store } from '@engageloop/core';

/** Fault switches of one PostgreSQL store (test hook, not part of the public API). */
export interface PostgresFaults {
  /** The next commit issues its writes, then fails inside the database transaction (so they roll back). */
  failNextCommit: boolean;
  /** Added to the database's clock wherever leases are written or judged (see `lease-clock.ts`). */
  leaseClockOffsetMs: number;
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

/**
 * Test hook: moves the lease clock of a PostgreSQL store `ms` forward (leases follow the database's clock, not
 * the callers' `now`, so a test cannot expire a lease by passing a later `now`).
 */
export function advancePostgresLeaseClock(store: Store, ms: number): void {
  const faults = faultsByStore.get(store);
  if (faults === undefined) throw new TypeError('Not a PostgreSQL store.');
  faults.leaseClockOffsetMs += ms;
}
