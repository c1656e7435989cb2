/** How each MIME type's data is stored: text, JSON, or base64 bytes. */

import { ERROR_MIME, STDERR_MIME, STDOUT_MIME } from '../contract/mime';

// Defined in the contract (src/contract/mime.ts); re-exported for the format's readers.
export { ERROR_MIME, STDERR_MIME, STDOUT_MIME };

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
