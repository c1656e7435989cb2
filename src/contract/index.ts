/**
 * The contract between the parts: the dynamics payload (its type and
 * version) and every MIME id. Pure: no runtime, no imports of ours, so the
 * library, kernel, charts, renderer, CLI and extension can all import it.
 */
export * from './dynamicsPayload';
export { VEGALITE_MIME, STDOUT_MIME, STDERR_MIME, ERROR_MIME, RENDERER_MIME_TYPES } from './mime';
