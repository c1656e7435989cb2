/**
 * How library objects show themselves in a notebook: an object with a
 * `[MIME_BUNDLE]()` method returns MIME type → data (like Jupyter's
 * `_repr_mimebundle_`). The kernel's display() and last-expression display
 * use it; plain scripts never need it.
 */
export const MIME_BUNDLE = Symbol.for('ibnb.mimeBundle');

/** MIME type → data: a string for text types, a JSON value for `+json` types. */
export type MimeBundle = Record<string, unknown>;

export interface Displayable {
  [MIME_BUNDLE](): MimeBundle;
}

export function isDisplayable(value: unknown): value is Displayable {
  return typeof value === 'object' && value !== null && typeof (value as Partial<Displayable>)[MIME_BUNDLE] === 'function';
}
