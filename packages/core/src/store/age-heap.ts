/** Records by commit time, oldest at the root (a binary heap): the memory store's records waiting for `compact`. */
export class AgeHeap<T extends { readonly committedAt: number }> {
  readonly #items: T[] = [];

  peek(): T | undefined {
    return this.#items[0];
  }

  push(record: T): void {
    const items = this.#items;
    let i = items.length;
    items.push(record);
    while (i > 0) {
      const parent = (i - 1) >>> 1;
      const above = items[parent] as T;
      if (above.committedAt <= record.committedAt) break;
      items[i] = above;
      i = parent;
    }
    items[i] = record;
  }

  pop(): T | undefined {
    const items = this.#items;
    const top = items[0];
    const last = items.pop();
    if (items.length === 0 || last === undefined) return top;
    const n = items.length;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      const child =
        right < n && (items[right] as T).committedAt < (items[left] as T).committedAt ? right : left;
      if ((items[child] as T).committedAt >= last.committedAt) break;
      items[i] = items[child] as T;
      i = child;
    }
    items[i] = last;
    return top;
  }
}
