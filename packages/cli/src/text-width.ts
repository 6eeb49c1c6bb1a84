import stringWidth from 'string-width';

/** The width of a text in terminal columns (CJK characters take two, combining marks none). */
export const displayWidth = (text: string): number => stringWidth(text);

/** Pads a text on the right to `width` terminal columns. */
export const padEnd = (text: string, width: number): string =>
  text + ' '.repeat(Math.max(0, width - displayWidth(text)));

/** Pads a text on the left to `width` terminal columns (for right-aligned numbers). */
export const padStart = (text: string, width: number): string =>
  ' '.repeat(Math.max(0, width - displayWidth(text))) + text;
