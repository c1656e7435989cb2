/**
 * The contract's constants as the charts use them: defined once, in
 * src/contract (pure, importable from the browser), and only re-exported here.
 */
export { COMPARE_MIME, COMPARE_PAYLOAD_VERSION, DYNAMICS_MIME, DYNAMICS_PAYLOAD_VERSION } from '../contract/dynamicsPayload';
