const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML and SVG text or attribute values. Every string from data goes through this. */
export const escapeHtml = (value: unknown): string =>
  String(value).replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);

/** A number for SVG coordinates: finite, at most two decimals. */
export const num = (value: number): string =>
  Number.isFinite(value) ? String(Math.round(value * 100) / 100) : '0';
