/**
 * jsonpath-plus 10's `JSONPath.toPathArray` (the tokenizer json-rules-engine 7.3's default path resolver
 * runs), reproduced step by step so that a path splits into exactly the tokens it splits into there —
 * quirks included (`$.[0]` is `$..[0]`, `]` is dropped from keys, `#<digits>` is a placeholder).
 * Pure string work: nothing is cached in a shared object and nothing is evaluated. A token is
 * `undefined` where jsonpath-plus would put one (a `#<digits>` with no expression behind it).
 *
 * @example
 * tokenizePath("$.phoneNumbers[*].type") // ['$', 'phoneNumbers', '*', 'type']
 * tokenizePath("$.address['dot.property']") // ['$', 'address', 'dot.property']
 */
export function tokenizePath(expr: string): Array<string | undefined> {
  const subx: string[] = [];
  const normalized = expr
    // type selectors: @string() …
    .replaceAll(
      /@(?:null|boolean|number|string|integer|undefined|nonFinite|scalar|array|object|function|other)\(\)/gu,
      ';$&;',
    )
    // parenthetical expressions (filters and scripts) directly within brackets or quotes
    .replaceAll(/[['](\??\(.*?\))[\]'](?!.\])/gu, (_whole, inner: string) => `[#${subx.push(inner) - 1}]`)
    // periods and tildes within bracketed keys
    .replaceAll(
      /\[['"]([^'\]]*)['"]\]/gu,
      (_whole, prop: string) => `['${prop.replaceAll('.', '%@%').replaceAll('~', '%%@@%%')}']`,
    )
    .replaceAll('~', ';~;')
    // property boundaries
    .replaceAll(/['"]?\.['"]?(?![^[]*\])|\[['"]?/gu, ';')
    .replaceAll('%@%', '.')
    .replaceAll('%%@@%%', '~')
    // parent selectors
    .replaceAll(/(?:;)?(\^+)(?:;)?/gu, (_whole, ups: string) => `;${ups.split('').join(';')};`)
    // recursive descent
    .replaceAll(/;;;|;;/gu, ';..;')
    // trailing separators and closing brackets
    .replaceAll(/;$|'?\]|'$/gu, '');
  return normalized.split(';').map((token) => {
    const match = token.match(/#(\d+)/u);
    return !match?.[1] ? token : subx[Number(match[1])];
  });
}
