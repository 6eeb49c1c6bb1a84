import { leftOutOfJson } from '../json-left-out';

/** How deep `CodeUnits.json` writes objects and arrays before it leaves them to `JSON.stringify`. */
const MAX_DEPTH = 8;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
/** JSON's punctuation, by code unit. */
const MARK = Object.freeze({
  comma: 0x2c,
  colon: 0x3a,
  brace: 0x7b,
  endBrace: 0x7d,
  bracket: 0x5b,
  endBracket: 0x5d,
});

/** The longest text `CodeUnits.text` makes from an array of its own length, kept for reuse (and `APPLIED_UP_TO`). */
const REUSED_UP_TO = 256;
/** The most units one `String.fromCharCode.apply` takes (`text` of a commit's texts: tens of thousands). */
const APPLIED_UP_TO = 8192;

/**
 * A text written code unit by code unit, then made in one go (`String.fromCharCode` over the units): one flat
 * string and nothing else, where joining its pieces with `+` makes a string per piece and a concatenation per
 * join, and `Array.prototype.join` a list and its working copies. One per store, written by one text at a time
 * (`start` forgets what an earlier one, finished or not, left): nothing of it is seen outside the store.
 */
export class CodeUnits {
  /** The units written since `start` (its first `#length`); it only grows, so writing allocates nothing. */
  readonly #units: number[] = [];
  #length = 0;
  /** Arrays of exactly n units, by n (`String.fromCharCode.apply` takes an array's every item). */
  readonly #exact: number[][] = [];

  /** Begins a text: forgets the units written so far. */
  start(): void {
    this.#length = 0;
  }

  /** Writes the code unit `code` (0 to 65,535). */
  unit(code: number): void {
    this.#units[this.#length++] = code;
  }

  /** Writes the code units of `text`. */
  chars(text: string): void {
    const units = this.#units;
    let at = this.#length;
    for (let i = 0; i < text.length; i++) units[at++] = text.charCodeAt(i);
    this.#length = at;
  }

  /** How many units are written since `start`. */
  get length(): number {
    return this.#length;
  }

  /** Forgets the units written after the first `length`; false (for a writer that gives up to return). */
  truncate(length: number): false {
    this.#length = length;
    return false;
  }

  /** Puts the code unit `code` in place of the one written at `at`. */
  put(at: number, code: number): void {
    this.#units[at] = code;
  }

  /**
   * Writes `value`'s JSON text, the same as `JSON.stringify(value)`, when `value` is plain data that text needs no
   * escape in (objects of `Object.prototype` and arrays, without `toJSON`, at most `MAX_DEPTH` deep; finite
   * numbers; strings and keys of printable characters other than `"` and `\\`; booleans; null): true. Else false,
   * with what it wrote left behind (`truncate` to undo it): the caller writes `JSON.stringify`'s text instead.
   */
  json(value: unknown, depth = 0): boolean {
    if (value === null) return this.#word('null');
    switch (typeof value) {
      case 'string':
        return this.#string(value);
      case 'number':
        if (Number.isFinite(value)) this.chars(`${value}`);
        else this.#word('null');
        return true;
      case 'boolean':
        return this.#word(value ? 'true' : 'false');
      case 'object':
        return depth < MAX_DEPTH && this.#object(value, depth + 1);
      default:
        return false;
    }
  }

  /** Writes a plain object or array (`json`), or returns false. */
  #object(value: object, depth: number): boolean {
    if ('toJSON' in value) return false;
    if (Array.isArray(value)) {
      if (Object.getPrototypeOf(value) !== Array.prototype) return false;
      this.unit(MARK.bracket);
      for (let i = 0; i < value.length; i++) {
        if (i > 0) this.unit(MARK.comma);
        const item: unknown = value[i];
        if (leftOutOfJson(item)) this.#word('null');
        else if (!this.json(item, depth)) return false;
      }
      this.unit(MARK.endBracket);
      return true;
    }
    if (Object.getPrototypeOf(value) !== Object.prototype) return false;
    this.unit(MARK.brace);
    let first = true;
    for (const key in value) {
      // biome-ignore lint/suspicious/noPrototypeBuiltins: V8 drops this call inside the for…in (see plugin/bags.ts)
      if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
      const item: unknown = (value as Record<string, unknown>)[key];
      if (leftOutOfJson(item)) continue;
      if (!first) this.unit(MARK.comma);
      first = false;
      if (!this.#string(key)) return false;
      this.unit(MARK.colon);
      if (!this.json(item, depth)) return false;
    }
    this.unit(MARK.endBrace);
    return true;
  }

  /**
   * Writes `text` quoted, or returns false when JSON would escape one of its characters. The quotes written with the
   * characters, through the locals (no `unit` call, no field read and written, around them).
   */
  #string(text: string): boolean {
    const units = this.#units;
    const n = text.length;
    let at = this.#length;
    units[at++] = QUOTE;
    for (let i = 0; i < n; i++) {
      const code = text.charCodeAt(i);
      if (code < 0x20 || code === QUOTE || code === BACKSLASH || (code >= 0xd800 && code <= 0xdfff)) {
        this.#length = at;
        return false;
      }
      units[at++] = code;
    }
    units[at++] = QUOTE;
    this.#length = at;
    return true;
  }

  /** Writes `word` (a JSON literal); true. */
  #word(word: string): true {
    this.chars(word);
    return true;
  }

  /** The text of the units written since `start`. */
  text(): string {
    const n = this.#length;
    if (n <= REUSED_UP_TO) return this.#piece(0, n);
    // In pieces (`apply` puts every unit of its array on the stack), the whole ones through one array kept for them;
    // a commit's texts (`storeRecords`) are tens of thousands of units.
    let text = '';
    let at = 0;
    for (; at + APPLIED_UP_TO <= n; at += APPLIED_UP_TO) text += this.#piece(at, APPLIED_UP_TO);
    if (at === n) return text;
    const rest = n - at;
    return (
      text +
      (rest <= REUSED_UP_TO
        ? this.#piece(at, rest)
        : String.fromCharCode.apply(null, this.#units.slice(at, n)))
    );
  }

  /** The text of `length` units from `at`, through the array kept for that length. */
  #piece(at: number, length: number): string {
    let exact = this.#exact[length];
    if (exact === undefined) {
      exact = [];
      for (let i = 0; i < length; i++) exact.push(0);
      this.#exact[length] = exact;
    }
    const units = this.#units;
    for (let i = 0; i < length; i++) exact[i] = units[at + i] as number;
    return String.fromCharCode.apply(null, exact);
  }
}
