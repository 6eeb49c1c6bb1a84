import { leftOutOfJson } from '../json-left-out';
import { flat } from './flat';
import { freezeJson } from './freeze';

/**
 * Documents kept as frozen objects (the last read or written): with more than this, the least recently
 * admitted is kept as JSON text. A user's document in the memory bench is about 850 bytes of objects and 500 of
 * text; 16,384 frozen documents are about 14 MB, 14 bytes per user at a million users, and more users than any
 * steady-state bench touches in turn (5,000 and 10,000), so their documents never go through text.
 */
export const HOT_DOCUMENTS = 16_384;

/** Documents whose keys are counted before `KeyTokens` picks its keys. */
const LEARN_DOCUMENTS = 64;

/**
 * Writes documents as JSON text in which frequent object keys are one control character each (JSON text never
 * holds one unescaped, so a token cannot be mistaken for text, and a text without tokens reads as it is). A user
 * document is mostly keys (`"firstSeenAt":`, `"tierHistory":`…): tokens take it from about 540 characters to
 * about 260 in the memory bench. The keys are counted in the first `LEARN_DOCUMENTS` documents (written without
 * tokens), then the 31 that save the most characters are chosen once and never change, so every text stays
 * readable. The text is written here, key by key (what `JSON.stringify` would write, with the tokens): as fast as
 * `JSON.stringify` alone, where replacing keys in its text afterwards took twice as long again.
 */
class KeyTokens {
  /** Characters each key would save, while learning. */
  #counts: Map<string, number> | undefined = new Map();
  #learned = 0;
  /** Key → token. */
  readonly #tokens = new Map<string, string>();
  /** Token code → the key's text (quoted, with its colon). */
  readonly #keys: string[] = [];

  /** The document's text; throws what `JSON.stringify` would (a BigInt). */
  encode(value: unknown): string {
    const text = this.#write(value);
    if (this.#counts !== undefined && ++this.#learned >= LEARN_DOCUMENTS) this.#choose(this.#counts);
    return text;
  }

  decode(text: string): string {
    const keys = this.#keys;
    if (keys.length === 0) return text;
    let out = '';
    let from = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code < 32) {
        out += text.slice(from, i) + keys[code];
        from = i + 1;
      }
    }
    return from === 0 ? text : out + text.slice(from);
  }

  #write(value: unknown): string {
    if (typeof value !== 'object' || value === null) return JSON.stringify(value) ?? 'null';
    if (Array.isArray(value)) {
      let out = '[';
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        if (i > 0) out += ',';
        out += leftOutOfJson(item) ? 'null' : this.#write(item);
      }
      return `${out}]`;
    }
    const record = value as Record<string, unknown>;
    const counts = this.#counts;
    let out = '{';
    for (const key of Object.keys(record)) {
      const item = record[key];
      if (leftOutOfJson(item)) continue;
      if (out.length > 1) out += ',';
      const token = this.#tokens.get(key);
      if (token !== undefined) out += token;
      else {
        const quoted = `${JSON.stringify(key)}:`;
        if (counts !== undefined) counts.set(key, (counts.get(key) ?? 0) + quoted.length - 1);
        out += quoted;
      }
      out += this.#write(item);
    }
    return `${out}}`;
  }

  #choose(counts: Map<string, number>): void {
    const best = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 31);
    for (const [i, [key]] of best.entries()) {
      this.#tokens.set(key, String.fromCharCode(i + 1));
      this.#keys[i + 1] = `${JSON.stringify(key)}:`;
    }
    this.#counts = undefined;
  }
}

/** A document kept as an object: the value, and whether it was read or written since it was admitted. */
interface Hot {
  value: unknown;
  used: boolean;
  /** Whether `value` was handed over unfrozen (`CommitWrite` `handedOver`): frozen before any read but `getOwned`. */
  open: boolean;
}

/**
 * The memory store's documents by key. The documents read or written last (at most `hotLimit`) are kept as the
 * frozen values commits wrote (reads hand them out as they are); older ones as their JSON text, about 60% of the
 * heap of the object graph (one flat string instead of an object, a map and boxed numbers per level). Reading a
 * document kept as text parses and freezes a fresh copy (equal to what was written) and keeps it as an object
 * again. Frequent keys are written as one character each in the text (`KeyTokens`).
 *
 * Which document goes to text is chosen as a clock does (second chance): the hot documents sit in a map in the
 * order they were admitted, each in a cell of its own that a read or a write marks used (a write replaces the
 * value in its cell). When there are too many, a cursor walks the map from where it stopped: a used document is
 * unmarked and moved to the end, the first unused one goes to text. A read or write of a hot document is one map
 * lookup and a store into its cell, where moving it to the end on every write (delete and insert) cost a map
 * entry per write, and the map's rehash as deleted entries piled up.
 */
/** Freezes a handed-over document in place before it is handed out (everything unfrozen in it is JSON data). */
function seal(hot: Hot, key: string): void {
  freezeJson(hot.value, 'document', key);
  hot.open = false;
}

export class MemoryDocs {
  /** Frozen (or handed-over) documents, in their cells, the least recently admitted first. */
  readonly #hot = new Map<string, Hot>();
  /** Documents JSON text cannot hold (a BigInt): kept as objects. */
  readonly #pinned = new Map<string, unknown>();
  /** The other documents' JSON text. */
  readonly #cold = new Map<string, string>();
  /** Where the next document to keep as text is looked for (see `#admit`). */
  #cursor: IterableIterator<[string, Hot]> | undefined = undefined;
  readonly #keys = new KeyTokens();

  constructor(readonly hotLimit = HOT_DOCUMENTS) {}

  /** The document under `key`, frozen (a handed-over one is frozen now, in place). */
  get(key: string): unknown {
    const hot = this.#hot.get(key);
    if (hot !== undefined) {
      hot.used = true;
      if (hot.open) seal(hot, key);
      return hot.value;
    }
    return this.#fromText(key);
  }

  /**
   * The document under `key` for the engine's unit of work (`loadOwned`): a handed-over one as it is, unfrozen
   * (the engine writes into it only within that unit of work, takes back what fails, and freezes it, or a copy,
   * before it hands it on).
   */
  getOwned(key: string): unknown {
    const hot = this.#hot.get(key);
    if (hot !== undefined) {
      hot.used = true;
      return hot.value;
    }
    return this.#fromText(key);
  }

  #fromText(key: string): unknown {
    if (this.#pinned.size > 0 && this.#pinned.has(key)) return this.#pinned.get(key);
    const text = this.#cold.get(key);
    if (text === undefined) return undefined;
    const value = freezeJson(JSON.parse(this.#keys.decode(text)) as unknown, 'document', key);
    this.#cold.delete(key);
    this.#admit(key, value);
    return value;
  }

  /**
   * Keeps a JSON value (not `undefined`) as the document under `key`: a frozen one, or (`open`) one handed over
   * unfrozen, which no one else holds (`CommitWrite` `handedOver`).
   */
  set(key: string, value: unknown, open = false): void {
    const hot = this.#hot.get(key);
    if (hot !== undefined) {
      hot.value = value;
      hot.used = true;
      hot.open = open;
      return;
    }
    if (!this.#cold.delete(key)) this.#pinned.delete(key);
    this.#admit(key, value, open);
  }

  delete(key: string): void {
    if (!this.#hot.delete(key) && !this.#cold.delete(key)) this.#pinned.delete(key);
  }

  has(key: string): boolean {
    return this.#hot.has(key) || this.#cold.has(key) || this.#pinned.has(key);
  }

  get size(): number {
    return this.#hot.size + this.#cold.size + this.#pinned.size;
  }

  /** Every key, in no particular order. */
  *keys(): IterableIterator<string> {
    yield* this.#cold.keys();
    yield* this.#pinned.keys();
    yield* this.#hot.keys();
  }

  /** Every document (those kept as text parsed, not admitted): for inspection (tests). */
  *entries(): IterableIterator<[string, unknown]> {
    for (const [key, text] of this.#cold) yield [key, JSON.parse(this.#keys.decode(text)) as unknown];
    yield* this.#pinned.entries();
    for (const [key, hot] of this.#hot) {
      if (hot.open) seal(hot, key);
      yield [key, hot.value];
    }
  }

  #admit(key: string, value: unknown, open = false): void {
    const hot = this.#hot;
    hot.set(key, { value, used: false, open });
    while (hot.size > this.hotLimit) {
      // One live iterator walks the map in insertion order: every live entry is at or after it (those before
      // it went to text, or were deleted, or moved to the end), so it never starts over a run of holes.
      let next = this.#cursor?.next();
      if (next === undefined || next.done === true) {
        this.#cursor = hot.entries();
        next = this.#cursor.next();
      }
      if (next.done === true) return;
      const [oldest, cell] = next.value;
      hot.delete(oldest);
      if (cell.used) {
        // A second chance: to the end, unmarked (the cursor meets it again after every other document).
        cell.used = false;
        hot.set(oldest, cell);
        continue;
      }
      let text: string;
      try {
        text = this.#keys.encode(cell.value);
      } catch {
        // Not JSON data after all (a BigInt): kept as it is, for good (frozen: reads hand it out as it is).
        if (cell.open) seal(cell, oldest);
        this.#pinned.set(oldest, cell.value);
        continue;
      }
      // Flat: text built piece by piece is a rope in V8, which would cost several times its characters.
      this.#cold.set(oldest, flat(text));
    }
  }
}
