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
}

/** What each group of contract cases gets: the current test's store and the options. */
export interface ContractContext {
  store(): Store;
  options: StoreContractOptions;
}
