/** Language features for notebook cells, without VS Code: the extension's providers and `ibnb check` use this. */
export { VirtualDocument, lineAndCharacter, type SourceCell, type CellLocation } from './virtualDocument';
export { NotebookLanguageService, type NotebookServiceOptions, type Location, type HoverInfo, type SignatureInfo, type CompletionList, type CompletionDetail } from './service';
export type { CellDiagnostic, Severity } from './diagnostics';
export { TypingsFolder, TypingsMissingError } from './typings';
export type { LanguageMethods, LanguageMethod, LanguageRequest, LanguageResponse } from './protocol';
