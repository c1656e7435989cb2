/**
 * Names shared by the code and package.json's `contributes`: a rename here
 * must be made there too (test/extension/manifest.test.ts checks they agree).
 */

export const NOTEBOOK_TYPE = 'ibnb';
export const CONTROLLER_ID = 'ibnb-kernel';
export const CONTROLLER_LABEL = 'IB Kernel (TypeScript)';
export const OUTPUT_CHANNEL_NAME = 'IB Notebooks';
export const CELL_LANGUAGE = 'typescript';
/** The notebook renderer (package.json contributes.notebookRenderer): live dynamics updates are posted to it. */
export const RENDERER_ID = 'ibnb-charts';

export const COMMANDS = {
  newNotebook: 'ibnb.newNotebook',
  openExample: 'ibnb.openExample',
  attachEvaluator: 'ibnb.attachEvaluator',
  detachEvaluator: 'ibnb.detachEvaluator',
  exportDynamics: 'ibnb.exportDynamics',
  selectBackend: 'ibnb.selectBackend',
  restartKernel: 'ibnb.restartKernel',
  interruptKernel: 'ibnb.interruptKernel',
  showKernelLog: 'ibnb.showKernelLog',
  markParametersCell: 'ibnb.markParametersCell',
  compareRuns: 'ibnb.compareRuns',
} as const;

export const SETTINGS = {
  section: 'ibnb',
  backend: 'backend',
  nodePath: 'nodePath',
  dataDir: 'dataDir',
  updateIntervalMs: 'dynamics.updateIntervalMs',
} as const;

/** `ibnb.backend` values; 'auto' picks the best available, the others force one. */
export const BACKEND_SETTING_VALUES = ['auto', 'tensorflow-gpu', 'webgpu', 'tensorflow', 'wasm', 'cpu'] as const;
export type BackendSetting = (typeof BACKEND_SETTING_VALUES)[number];

/** Where the extension keeps its bundled files, relative to the extension's folder. */
export const MEDIA_PATHS = {
  starterTemplate: 'media/templates/starter.ibnb',
  examples: 'media/examples',
} as const;
