import { isThenable } from '../thenable';

/** What a key held before a write into it in place: nothing (the write added it). */
const ABSENT: unique symbol = Symbol('absent');

/**
 * The writes a unit of work made in place into the engine's own user documents (`UserDraft.setEntry`): for
 * each, the bag, the key and what the key held before. A failed (or cut) event undoes its own writes, a failed
 * commit all of them, newest first, so every bag is left as it was — with its keys in their order: a write in
 * place only changes a key's value or adds a key at the end (a removal copies the bag instead), and undoing
 * that deletes the key again.
 */
export class InPlaceLog {
  private readonly bags: Array<Record<string, unknown>> = [];
  private readonly keys: string[] = [];
  private readonly olds: unknown[] = [];
  /**
   * The bags written into (`holds`): one of them is copied before anyone is handed it (`UserDraft`). Made from
   * `bags` when first asked, and kept up to date from then on: a unit of work that hands out no user it wrote
   * into (no hook reads one) keeps no set, and gives no bag an identity hash.
   */
  private written: Set<object> | undefined;

  /** Sets `key` to `value` in `bag` itself, remembering what it held (`old`: `bag[key]`, read by the caller). */
  set(bag: Record<string, unknown>, key: string, value: unknown, old: unknown): void {
    this.bags.push(bag);
    this.keys.push(key);
    this.olds.push(Object.hasOwn(bag, key) ? old : ABSENT);
    this.written?.add(bag);
    bag[key] = value;
  }

  /** Whether a write of this unit of work went into `bag` (it may be undone: it must not be frozen). */
  holds(bag: object): boolean {
    if (this.written === undefined) {
      if (this.bags.length === 0) return false;
      this.written = new Set(this.bags);
    }
    return this.written.has(bag);
  }

  /** Where the writes from now on begin (`undoTo`). */
  mark(): number {
    return this.bags.length;
  }

  /** Undoes the writes made since `mark`, newest first. */
  undoTo(mark: number): void {
    const { bags, keys, olds } = this;
    for (let i = bags.length - 1; i >= mark; i--) {
      const bag = bags[i] as Record<string, unknown>;
      const key = keys[i] as string;
      const old = olds[i];
      if (old === ABSENT) delete bag[key];
      else bag[key] = old;
    }
    bags.length = mark;
    keys.length = mark;
    olds.length = mark;
  }
}

/**
 * `work()`, after which — when it throws or rejects (a failed commit) — the batch's writes in place are undone
 * before the store's unit of work ends: the store's users are then as they were, before anyone reads them.
 */
export function undoneOnThrow<R>(batch: { undoAll(): void }, work: () => R | Promise<R>): R | Promise<R> {
  const undo = (thrown: unknown): never => {
    batch.undoAll();
    throw thrown;
  };
  try {
    const result = work();
    return isThenable(result) ? Promise.resolve(result).then(undefined, undo) : result;
  } catch (thrown) {
    return undo(thrown);
  }
}
