/**
 * A readiness index for claimable records (outbox messages, timers), so claims don't scan everything.
 * Items wait in a min-heap keyed by `readyAt`; once due they move to a list sorted by `(rank, id)`,
 * the order claims hand them out. Items are never updated in place: a changed record pushes a new item
 * with a new `version`, and stale items are dropped lazily when `take` meets them (owners rebuild the
 * queue when stale items pile up, see `size`).
 */
export interface ReadyItem {
  id: string;
  /** Epoch ms from which the record may be claimed. */
  readyAt: number;
  /** Primary claim order (createdAt for messages, dueAt for timers); ties break on id. */
  rank: number;
  /** The record's version when this item was pushed. */
  version: number;
}

/** What `take` asks about each candidate at `now`. */
export type Verdict = 'take' | 'stale' | 'later';

export interface ReadyQueue {
  push(item: ReadyItem): void;
  /** Up to `limit` items judged `take`, in (rank, id) order; `stale` items are dropped, `later` ones kept. */
  take(now: number, limit: number, judge: (item: ReadyItem) => Verdict): ReadyItem[];
  /** Items held, stale ones included. */
  size(): number;
  /** The items held (heap and due list), stale ones included: for inspection. */
  items(): ReadyItem[];
  clear(): void;
}

const byOrder = (a: ReadyItem, b: ReadyItem): number =>
  a.rank - b.rank || (a.id < b.id ? -1 : a.id > b.id ? 1 : a.version - b.version);

/** Rows the heap's columns start with (and keep at least). */
const INITIAL_ROWS = 64;

export function createReadyQueue(): ReadyQueue {
  // The heap of items not yet due, by readyAt, in columns rather than one object per item: item i is `ids[i]`
  // with readyAt, rank and version at `nums[3i]`, `nums[3i + 1]`, `nums[3i + 2]`. An item object with its
  // epoch-ms numbers (each a boxed double in V8) costs about 100 bytes; a row costs 32. Every pending message
  // and armed timer waits here, so this is per user in the memory store's heap.
  let ids: string[] = [];
  let nums = new Float64Array(INITIAL_ROWS * 3);
  /** Sorted due items; those before `head` were consumed. */
  let ready: ReadyItem[] = [];
  let head = 0;

  /** Writes an item at row `i`. */
  const put = (i: number, id: string, readyAt: number, rank: number, version: number): void => {
    ids[i] = id;
    nums[3 * i] = readyAt;
    nums[3 * i + 1] = rank;
    nums[3 * i + 2] = version;
  };

  /** Copies row `from` to row `to`. */
  const move = (from: number, to: number): void => {
    ids[to] = ids[from] as string;
    nums[3 * to] = nums[3 * from] as number;
    nums[3 * to + 1] = nums[3 * from + 1] as number;
    nums[3 * to + 2] = nums[3 * from + 2] as number;
  };

  const itemAt = (i: number): ReadyItem => ({
    id: ids[i] as string,
    readyAt: nums[3 * i] as number,
    rank: nums[3 * i + 1] as number,
    version: nums[3 * i + 2] as number,
  });

  const pop = (): ReadyItem => {
    const top = itemAt(0);
    const n = ids.length - 1;
    const id = ids[n] as string;
    const readyAt = nums[3 * n] as number;
    const rank = nums[3 * n + 1] as number;
    const version = nums[3 * n + 2] as number;
    ids.pop();
    if (n > 0) {
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= n) break;
        const right = left + 1;
        const child = right < n && (nums[3 * right] as number) < (nums[3 * left] as number) ? right : left;
        if ((nums[3 * child] as number) >= readyAt) break;
        move(child, i);
        i = child;
      }
      put(i, id, readyAt, rank, version);
    }
    // Let go of the columns' room once the heap is down to a quarter of it.
    if (nums.length > INITIAL_ROWS * 3 && n * 12 < nums.length) nums = nums.slice(0, nums.length / 2);
    return top;
  };

  const insertReady = (item: ReadyItem): void => {
    let lo = head;
    let hi = ready.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (byOrder(ready[mid]!, item) <= 0) lo = mid + 1;
      else hi = mid;
    }
    if (lo === ready.length) ready.push(item);
    else ready.splice(lo, 0, item);
  };

  const compact = (): void => {
    if (head > 1024 && head * 2 > ready.length) {
      ready = ready.slice(head);
      head = 0;
    }
  };

  return {
    push({ id, readyAt, rank, version }) {
      let i = ids.length;
      if (3 * (i + 1) > nums.length) {
        const grown = new Float64Array(nums.length * 2);
        grown.set(nums);
        nums = grown;
      }
      ids.push(id);
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if ((nums[3 * parent] as number) <= readyAt) break;
        move(parent, i);
        i = parent;
      }
      put(i, id, readyAt, rank, version);
    },
    take(now, limit, judge) {
      while (ids.length > 0 && (nums[0] as number) <= now) insertReady(pop());
      const taken: ReadyItem[] = [];
      const kept: ReadyItem[] = [];
      let i = head;
      for (; i < ready.length && taken.length < limit; i++) {
        const item = ready[i]!;
        const verdict = judge(item);
        if (verdict === 'take') taken.push(item);
        else if (verdict === 'later') kept.push(item);
      }
      head = i - kept.length;
      for (let k = 0; k < kept.length; k++) ready[head + k] = kept[k]!;
      compact();
      return taken;
    },
    size: () => ids.length + ready.length - head,
    items: () => [...ids.map((_, i) => itemAt(i)), ...ready.slice(head)],
    clear() {
      ids = [];
      nums = new Float64Array(INITIAL_ROWS * 3);
      ready = [];
      head = 0;
    },
  };
}
