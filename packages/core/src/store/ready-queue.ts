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

export function createReadyQueue(): ReadyQueue {
  let heap: ReadyItem[] = [];
  /** Sorted due items; those before `head` were consumed. */
  let ready: ReadyItem[] = [];
  let head = 0;

  const up = (i: number): void => {
    const item = heap[i]!;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent]!;
      if (p.readyAt <= item.readyAt) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = item;
  };

  const down = (i: number): void => {
    const item = heap[i]!;
    const n = heap.length;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      const child = right < n && heap[right]!.readyAt < heap[left]!.readyAt ? right : left;
      if (heap[child]!.readyAt >= item.readyAt) break;
      heap[i] = heap[child]!;
      i = child;
    }
    heap[i] = item;
  };

  const pop = (): ReadyItem => {
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      down(0);
    }
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
    push(item) {
      heap.push(item);
      up(heap.length - 1);
    },
    take(now, limit, judge) {
      while (heap.length > 0 && heap[0]!.readyAt <= now) insertReady(pop());
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
    size: () => heap.length + ready.length - head,
    items: () => [...heap, ...ready.slice(head)],
    clear() {
      heap = [];
      ready = [];
      head = 0;
    },
  };
}
