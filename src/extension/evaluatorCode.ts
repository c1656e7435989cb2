/**
 * What "IB: Attach Evaluator…" offers and the cell it writes: the choices are
 * data, so the command (quick picks), its tests and the generated code agree.
 * The code is what a user would type, so the notebook stays reproducible.
 */

export type EstimatorKind = 'hsic-gaussian' | 'hsic-linear' | 'cka' | 'binning' | 'kde';
export type HsicNormalization = 'biased' | 'unbiased' | 'pyglow';

export interface EstimatorChoice {
  kind: EstimatorKind;
  label: string;
  detail: string;
}

export const ESTIMATOR_CHOICES: readonly EstimatorChoice[] = [
  { kind: 'hsic-gaussian', label: 'HSIC, Gaussian kernel', detail: "new HSIC({ kernel: 'gaussian', sigma, normalization }): the reference notebook's criterion" },
  { kind: 'hsic-linear', label: 'HSIC, linear kernel', detail: "new HSIC({ kernel: 'linear', normalization }): no bandwidth to choose" },
  { kind: 'cka', label: 'CKA (normalized HSIC)', detail: "new HSIC({ kernel: 'gaussian', normalization: 'cka' }): in [0, 1], comparable across layers" },
  { kind: 'binning', label: 'Mutual information, binning', detail: 'new BinningMI({ bins }): Shwartz-Ziv & Tishby, in bits' },
  { kind: 'kde', label: 'Mutual information, KDE upper bound', detail: 'new KDEMI({ noiseVariance }): Kolchinsky & Tracey / Saxe et al., in bits' },
];

export const NORMALIZATION_CHOICES: readonly { value: HsicNormalization; label: string; detail: string }[] = [
  { value: 'biased', label: 'biased', detail: 'tr(KHLH)/(m−1)², Gretton et al. 2005 (default)' },
  { value: 'unbiased', label: 'unbiased', detail: 'Song et al. 2012; needs batches of 4 or more' },
  { value: 'pyglow', label: 'pyglow', detail: "tr(KHLH)/(m−1), PyGlow's numbers" },
];

export type EvaluatorSpec =
  | { kind: 'hsic-gaussian'; sigma: number | 'median'; normalization: HsicNormalization }
  | { kind: 'hsic-linear'; normalization: HsicNormalization }
  | { kind: 'cka'; sigma: number | 'median' }
  | { kind: 'binning'; bins: number }
  | { kind: 'kde'; noiseVariance: number };

export const DEFAULTS = { sigma: 'median', normalization: 'biased', bins: 30, noiseVariance: 0.1 } as const;

/** The library class a spec constructs (what the cell imports). */
export function estimatorClass(spec: EvaluatorSpec): 'HSIC' | 'BinningMI' | 'KDEMI' {
  if (spec.kind === 'binning') return 'BinningMI';
  if (spec.kind === 'kde') return 'KDEMI';
  return 'HSIC';
}

/** `new HSIC({ kernel: 'gaussian', sigma: 5, normalization: 'biased' })` and the like. */
export function estimatorExpression(spec: EvaluatorSpec): string {
  switch (spec.kind) {
    case 'hsic-gaussian':
      return `new HSIC({ kernel: 'gaussian', sigma: ${sigmaCode(spec.sigma)}, normalization: '${spec.normalization}' })`;
    case 'hsic-linear':
      return `new HSIC({ kernel: 'linear', normalization: '${spec.normalization}' })`;
    case 'cka':
      return `new HSIC({ kernel: 'gaussian', sigma: ${sigmaCode(spec.sigma)}, normalization: 'cka' })`;
    case 'binning':
      return `new BinningMI({ bins: ${spec.bins} })`;
    case 'kde':
      return `new KDEMI({ noiseVariance: ${spec.noiseVariance} })`;
  }
}

/** The cell "IB: Attach Evaluator…" inserts and runs. */
export function attachEvaluatorCell(modelName: string, spec: EvaluatorSpec): string {
  requireIdentifier(modelName);
  return [
    `import { ${estimatorClass(spec)} } from 'ibnb';`,
    '',
    '// Added by "IB: Attach Evaluator…": its coordinates are computed for every tracked layer from the next training run on.',
    `${modelName}.attachEvaluator(${estimatorExpression(spec)});`,
  ].join('\n');
}

/** The cell "IB: Detach Evaluator…" inserts and runs; `description` names it for the reader. */
export function detachEvaluatorCell(modelName: string, index: number, description: string): string {
  requireIdentifier(modelName);
  return [`// Added by "IB: Detach Evaluator…": ${description.replace(/\s+/g, ' ')}`, `${modelName}.detachEvaluator(${index});`].join('\n');
}

/** "median" or a positive number → the sigma value; undefined when the text is neither. */
export function parseSigma(text: string): number | 'median' | undefined {
  const trimmed = text.trim().toLowerCase();
  if (trimmed === '' || trimmed === 'median') return 'median';
  const value = parsePositive(trimmed);
  return value;
}

export function validateSigma(text: string): string | undefined {
  return parseSigma(text) === undefined ? 'Enter a positive number (the Gaussian bandwidth σ) or "median".' : undefined;
}

export function parseBins(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return DEFAULTS.bins;
  const value = Number(trimmed);
  return /^\d+$/.test(trimmed) && value >= 2 && value <= 4096 ? value : undefined;
}

export function validateBins(text: string): string | undefined {
  return parseBins(text) === undefined ? 'Enter a whole number of bins from 2 to 4096.' : undefined;
}

export function parseNoiseVariance(text: string): number | undefined {
  const trimmed = text.trim();
  return trimmed === '' ? DEFAULTS.noiseVariance : parsePositive(trimmed);
}

export function validateNoiseVariance(text: string): string | undefined {
  return parseNoiseVariance(text) === undefined ? 'Enter a positive number (the variance σ² of the added Gaussian noise).' : undefined;
}

function parsePositive(text: string): number | undefined {
  if (!/^(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text)) return undefined;
  const value = Number(text);
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

function sigmaCode(sigma: number | 'median'): string {
  return sigma === 'median' ? "'median'" : String(sigma);
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** Model names come from the kernel's variables; anything else would make the cell wrong code. */
export function requireIdentifier(name: string): void {
  if (!IDENTIFIER.test(name)) throw new Error(`'${name}' is not a variable name; the kernel reported an unexpected model name.`);
}
