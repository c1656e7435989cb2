/** Builds the extension-host mocha suite under `root`/out/vscode-test; resolves to its entry (index.js). */
export function bundleExtensionSuite(root: string): Promise<string>;
