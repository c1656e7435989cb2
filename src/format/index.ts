/** The `.ibnb` notebook format: one reader and one writer, shared by the extension and the CLI. */
export * from './types';
export * from './errors';
export { STDOUT_MIME, STDERR_MIME, ERROR_MIME, isJsonMime, isTextMime, isBinaryMime } from './mime';
export { outputDataToBytes, outputDataFromBytes } from './items';
export { parseNotebook } from './parse';
export { serializeNotebook } from './serialize';
export { readNotebookFile, writeNotebookFile, writeFileAtomic } from './file';
export { PARAMETERS_TAG, INJECTED_PARAMETERS_TAG, cellTags, hasTag, withTag, withoutTag } from './tags';
