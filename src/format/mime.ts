/** How each MIME type's data is stored: text, JSON, or base64 bytes. */

/** VS Code's MIME types for console streams and errors, used by the kernel's outputs too. */
export const STDOUT_MIME = 'application/vnd.code.notebook.stdout';
export const STDERR_MIME = 'application/vnd.code.notebook.stderr';
export const ERROR_MIME = 'application/vnd.code.notebook.error';

const TEXT_TYPES = new Set([STDOUT_MIME, STDERR_MIME, 'application/javascript', 'application/xml', 'image/svg+xml']);

/** Data is a JSON value (stored as JSON, not as a string of JSON). */
export function isJsonMime(mime: string): boolean {
  return mime.endsWith('+json') || mime === 'application/json' || mime === ERROR_MIME;
}

/** Data is a string. */
export function isTextMime(mime: string): boolean {
  return mime.startsWith('text/') || TEXT_TYPES.has(mime) || mime.endsWith('+xml');
}

/** Data is bytes: anything neither text nor JSON (images, archives). */
export function isBinaryMime(mime: string): boolean {
  return !isJsonMime(mime) && !isTextMime(mime);
}
