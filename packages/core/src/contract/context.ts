import type { Store } from '../store/types';

/** Options of `runStoreContract`. */
export interface StoreContractOptions {
  /** Run the concurrency cases (same-key serialisation, lock order, concurrent claims). Default true. */
  concurrency?: boolean;
  /** Fault injection the store supports, for the all-or-nothing cases. */
  faults?: {
    /** Makes the next `commit` of this store fail with `STORE_ERROR`. */
    failNextCommit(store: Store): void;
  };
  /**
   * For a store whose leases follow a clock of its own (the PostgreSQL store: the database's) rather than the
   * callers' `now`: moves that clock `ms` forward. The lease-expiry cases call it when they let a lease run
   * out; without it they rely on the later `now` they pass, as the memory and SQLite stores do.
   */
  leaseClock?: {
    /** Moves the store's lease clock `ms` milliseconds forward. */
    advance(store: Store, ms: number): void;
  };
}

/** What each group of contract cases gets: the current test's store and the options. */
export interface ContractContext {
  store(): Store;
  options: StoreContractOptions;
}

/** Lets `ms` of lease time pass on a store whose leases follow its own clock (a no-op for the others). */
export const elapseLeases = ({ options }: ContractContext, store: Store, ms: number): void =>
  options.leaseClock?.advance(store, ms);
