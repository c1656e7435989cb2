/**
 * Every MIME id the parts exchange, defined once: the library and the kernel
 * write them, the renderer, the report, the CLI and the extension read them.
 */
import { COMPARE_MIME, DYNAMICS_MIME } from './dynamicsPayload';

export { COMPARE_MIME, DYNAMICS_MIME };

/** Vega-Lite specs a cell displays (drawn by our renderer, as by VS Code's built-in one). */
export const VEGALITE_MIME = 'application/vnd.vegalite.v5+json';

/** VS Code's MIME types for console streams and errors, used by the kernel's outputs too. */
export const STDOUT_MIME = 'application/vnd.code.notebook.stdout';
export const STDERR_MIME = 'application/vnd.code.notebook.stderr';
export const ERROR_MIME = 'application/vnd.code.notebook.error';

/** What the notebook renderer draws (package.json contributes it for these). */
export const RENDERER_MIME_TYPES = [DYNAMICS_MIME, COMPARE_MIME, VEGALITE_MIME] as const;
