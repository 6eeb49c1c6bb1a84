/**
 * `key`, flattened in place: a key built by concatenation (`recordKey`) is, in V8, a rope — a tree of its parts —
 * that costs about 190 bytes more than its text when a map keeps it as it is (measured on record keys); reading
 * a character flattens it, and the map then holds the text (records are kept for every event, forever).
 */
export function flat(key: string): string {
  key.charCodeAt(0);
  return key;
}
