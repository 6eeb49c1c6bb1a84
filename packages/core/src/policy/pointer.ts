/** JSON pointers (RFC 6901). */

/** Escapes one reference token: `~` → `~0`, `/` → `~1`. */
export function escapeToken(token: string | number): string {
  return String(token).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Builds a pointer from tokens, e.g. `['rules', 3, 'id']` → `/rules/3/id`. */
export function toPointer(tokens: readonly (string | number)[]): string {
  return tokens.map((t) => `/${escapeToken(t)}`).join('');
}

/** Splits a pointer into unescaped tokens; `''` → `[]`. */
export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Joins a base pointer and a relative one (`/settings/lifecycle` + `/stages/0`). */
export function joinPointer(base: string, relative: string): string {
  if (relative === '' || relative === '/') return base;
  return relative.startsWith('/') ? base + relative : `${base}/${relative}`;
}
