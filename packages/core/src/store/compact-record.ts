/**
 * The text of a compacted outcome (`null`): one shared string literal, so a compacted record holds no text of
 * its own. A record given `outcome: null` reads the same: a compacted record.
 */
export const COMPACTED = 'null';

/**
 * A compacted record: user, fingerprint and commit time, no outcome. `MemoryRecords` keeps these packed in
 * bytes (`PackedRecords`), and this is the view `MemoryRecords.get` hands out; one whose key or fingerprint
 * the bytes cannot hold is kept as it is.
 */
export class CompactRecord {
  constructor(
    readonly userId: string,
    readonly fingerprint: string | undefined,
    readonly committedAt: number,
  ) {}

  get text(): string {
    return COMPACTED;
  }

  get segment(): undefined {
    return undefined;
  }

  outcomeText(): string {
    return COMPACTED;
  }

  get compactable(): boolean {
    return false;
  }
}
