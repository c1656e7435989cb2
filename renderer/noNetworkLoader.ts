/**
 * A Vega loader that loads nothing. Outputs come from notebook files that
 * may not be trusted and render as soon as a notebook opens; a spec that asks
 * for a URL or a file (data, images, links) must not reach the network or
 * the disk. Data can only be inline.
 */
import type { Loader } from 'vega';

export type BlockedHandler = (uri: string, context: string) => void;

export function noNetworkLoader(onBlocked: BlockedHandler = () => {}): Loader {
  const reject = (uri: string, context: string): Promise<never> => {
    onBlocked(uri, context);
    return Promise.reject(new Error(`IB Notebooks charts load nothing from URLs or files (blocked ${context}: ${uri}). Put the data inline.`));
  };
  return {
    load: (uri, options) => reject(String(uri), options?.context ?? 'data'),
    // Also asked for images (context 'image') and links (context 'href'): a rejection draws no image and follows no link.
    sanitize: (uri, options) => reject(String(uri), options?.context ?? 'url'),
    http: (uri) => reject(String(uri), 'http'),
    file: (filename) => reject(String(filename), 'file'),
  };
}
