/** Colours of chart series, readable on white and distinguishable in print. */
export const PALETTE: readonly string[] = [
  '#2563eb',
  '#f59e0b',
  '#10b981',
  '#ef4444',
  '#8b5cf6',
  '#06b6d4',
  '#ec4899',
  '#84cc16',
  '#64748b',
];

/** The colour of the i-th series. */
export const colour = (i: number): string => PALETTE[i % PALETTE.length] ?? '#64748b';
