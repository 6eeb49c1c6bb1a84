/** FNV-1a 32-bit hash: stable across runs, processes and platforms. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * Assigns a user to an arm of an experiment, deterministically (hash of experiment + user id),
 * in proportion to the arms' weights. The same user always lands in the same arm.
 *
 * @example
 * assignArm('u42', 'welcome-copy', { A: 50, B: 50 }) // 'A' or 'B', always the same for u42
 */
export function assignArm(
  userId: string,
  experiment: string,
  arms: Readonly<Record<string, number>>,
): string {
  const names = Object.keys(arms).sort();
  const total = names.reduce((sum, name) => sum + Math.max(0, arms[name] ?? 0), 0);
  if (names.length === 0) return '';
  if (total <= 0) return names[0] as string;
  let point = (fnv1a(`${experiment}\u0000${userId}`) / 0x1_0000_0000) * total;
  for (const name of names) {
    point -= Math.max(0, arms[name] ?? 0);
    if (point < 0) return name;
  }
  return names[names.length - 1] as string;
}
