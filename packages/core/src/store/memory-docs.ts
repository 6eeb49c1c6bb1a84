import { freezeJson } from './freeze';
import { flat } from './memory-records';

/**
 * Documents kept as frozen objects (the last read or written): with more than this, the least recently
 * admitted is kept as JSON text. A user's document in the memory bench is about 850 bytes of objects and 500 of
 * text; 16,384 frozen documents are about 14 MB, 14 bytes per user at a million users, and more users than any
 * steady-state bench touches in turn (5,000 and 10,000), so their documents never go through text.
 */
export const HOT_DOCUMENTS = 16_384;

/** A JSON string, and the `:` after it when it is an object's key. */
const JSON_STRING = /"(?:[^"\\]|\\.)*":?/g;
/** The characters `KeyTokens` uses: control characters, which JSON text never holds unescaped. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the tokens are control characters, on purpose
const TOKEN = /[\x01-\x1f]/g;
/** Documents whose keys are counted before `KeyTokens` picks its keys. */
const LEARN_DOCUMENTS = 64;

/**
 * Frequent object keys of a store's documents, each written as one control character in their text (JSON text
 * never holds one unescaped, so a token cannot be mistaken for text, and a text without tokens reads as it is).
 * A user document is mostly keys (`"firstSeenAt":`, `"tierHistory":`…): tokens take it from about 540 characters
 * to about 240 in the memory bench. The keys are counted in the first `LEARN_DOCUMENTS` texts (kept as they are),
 * then the 31 that save the most characters are chosen once and never change, so every text stays readable.
 */
class KeyTokens {
  /** Characters each key (with its quotes and colon) would save, while learning. */
  #counts: Map<string, number> | undefined = new Map();
  #learned = 0;
  /** Key (quoted, with its colon) → token. */
  #tokens = new Map<string, string>();
  /** Token code → key (quoted, with its colon). */
  readonly #keys: string[] = [];

  encode(text: string): string {
    const counts = this.#counts;
    if (counts === undefined) {
      return this.#tokens.size === 0 ? text : text.replace(JSON_STRING, (s) => this.#tokens.get(s) ?? s);
    }
    for (const [s] of text.matchAll(JSON_STRING)) {
      if (s.endsWith(':') && s.length > 2) counts.set(s, (counts.get(s) ?? 0) + s.length - 1);
    }
    if (++this.#learned >= LEARN_DOCUMENTS) {
      const best = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 31);
      for (const [i, [key]] of best.entries()) {
        this.#tokens.set(key, String.fromCharCode(i + 1));
        this.#keys[i + 1] = key;
      }
      this.#counts = undefined;
    }
    return text;
  }

  decode(text: string): string {
    return this.#tokens.size === 0 ? text : text.replace(TOKEN, (c) => this.#keys[c.charCodeAt(0)] as string);
  }
}

/**
 * The memory store's documents by key. The last `hotLimit` documents read or written are kept as the frozen
 * values commits wrote (reads hand them out as they are); older ones as their JSON text, about 60% of the heap
 * of the object graph (one flat string instead of an object, a map and boxed numbers per level). Reading a
 * document kept as text parses and freezes a fresh copy (equal to what was written) and keeps it as an object
 * again. Frequent keys are written as one character each in the text (`KeyTokens`). Admission order is a
 * map's insertion order: a read or write moves a document to the end, the first one goes to text.
 */
export class MemoryDocs {
  /** Frozen documents, the least recently admitted first. */
  readonly #hot = new Map<string, unknown>();
  /** The other documents' JSON text. */
  readonly #cold = new Map<string, string>();
  /** Where the next document to keep as text is looked for (see `#admit`). */
  #cursor: IterableIterator<[string, unknown]> | undefined = undefined;
  readonly #keys = new KeyTokens();

  constructor(readonly hotLimit = HOT_DOCUMENTS) {}

  get(key: string): unknown {
    const hot = this.#hot.get(key);
    if (hot !== undefined) return hot;
    const text = this.#cold.get(key);
    if (text === undefined) return undefined;
    const value = freezeJson(JSON.parse(this.#keys.decode(text)) as unknown, `document "${key}"`);
    this.#cold.delete(key);
    this.#admit(key, value);
    return value;
  }

  /** Keeps a frozen JSON value (not `undefined`) as the document under `key`. */
  set(key: string, value: unknown): void {
    if (!this.#hot.delete(key)) this.#cold.delete(key);
    this.#admit(key, value);
  }

  delete(key: string): void {
    if (!this.#hot.delete(key)) this.#cold.delete(key);
  }

  has(key: string): boolean {
    return this.#hot.has(key) || this.#cold.has(key);
  }

  get size(): number {
    return this.#hot.size + this.#cold.size;
  }

  /** Every key, in no particular order. */
  *keys(): IterableIterator<string> {
    yield* this.#cold.keys();
    yield* this.#hot.keys();
  }

  /** Every document (those kept as text parsed, not admitted): for inspection (tests). */
  *entries(): IterableIterator<[string, unknown]> {
    for (const [key, text] of this.#cold) yield [key, JSON.parse(this.#keys.decode(text)) as unknown];
    yield* this.#hot.entries();
  }

  #admit(key: string, value: unknown): void {
    const hot = this.#hot;
    hot.set(key, value);
    while (hot.size > this.hotLimit) {
      // One live iterator walks the map in insertion order: every live entry is at or after it (those before
      // it went to text, or were deleted, or moved to the end), so it never starts over a run of holes.
      let next = this.#cursor?.next();
      if (next === undefined || next.done === true) {
        this.#cursor = hot.entries();
        next = this.#cursor.next();
      }
      if (next.done === true) return;
      const [oldest, document] = next.value;
      hot.delete(oldest);
      // Flat: V8 builds a long JSON text as a rope of pieces, which would cost half as much again as its text.
      this.#cold.set(oldest, flat(this.#keys.encode(JSON.stringify(document))));
    }
  }
}
