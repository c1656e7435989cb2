/**
 * The payload contract's constants, restated here: src/charts takes only
 * types from src/lib. The annotations tie each value to the contract's
 * declared literal type, so a change there fails to compile here.
 */
import type * as Contract from '../lib/dynamics/payload';

export const DYNAMICS_MIME: typeof Contract.DYNAMICS_MIME = 'application/vnd.ibnb.dynamics+json';

/** The payload version these charts read. */
export const DYNAMICS_PAYLOAD_VERSION: typeof Contract.DYNAMICS_PAYLOAD_VERSION = 1;

export const COMPARE_MIME: typeof Contract.COMPARE_MIME = 'application/vnd.ibnb.compare+json';

/** The compare payload version these charts read. */
export const COMPARE_PAYLOAD_VERSION: typeof Contract.COMPARE_PAYLOAD_VERSION = 1;
