/**
 * The status bar's "epoch 3/7 · 412/750 · 3.1 it/s", read from the training
 * log the kernel streams (src/kernel/runtime/trainingProgress.ts: "Epoch 3/7",
 * "Training loop:", a tqdm-style bar "41%|████      | 412/750 [02:14<01:50,
 * 3.07it/s]"). Parsing the text keeps the protocol as it is; a dedicated
 * progress notification from the kernel would make this file unnecessary.
 */

export interface TrainingStatus {
  epoch?: number;
  epochs?: number;
  phase: 'train' | 'validation';
  /** Batches done in the current loop. */
  done: number;
  /** Batches in the loop, when known. */
  total?: number;
  /** Batches per second. */
  rate?: number;
}

const EPOCH = /^Epoch (\d+)\/(\d+)\s*$/;
const LOOP = /^(Training|Validation) loop:\s*$/;
/** "  41%|████      | 412/750 [02:14<01:50, 3.07it/s]" or "412it [02:14, 3.07it/s]"; the rate may be "1.50s/it". */
const BAR = /(?:\|\s*(\d+)\/(\d+)|^\s*(\d+)it)\s*\[[^\]]*?,\s*([\d.]+)(it\/s|s\/it)\]\s*$/;

/** The training state a log shows, or undefined when the text is not a training log. */
export function parseTrainingLog(text: string): TrainingStatus | undefined {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  let status: TrainingStatus | undefined;
  let epoch: { epoch: number; epochs: number } | undefined;
  for (const line of lines) {
    const epochMatch = EPOCH.exec(line);
    if (epochMatch) {
      epoch = { epoch: Number(epochMatch[1]), epochs: Number(epochMatch[2]) };
      status = { ...epoch, phase: 'train', done: 0 };
      continue;
    }
    const loopMatch = LOOP.exec(line);
    if (loopMatch) {
      status = { ...(epoch ?? {}), phase: loopMatch[1] === 'Training' ? 'train' : 'validation', done: 0 };
      continue;
    }
    const bar = BAR.exec(line);
    if (bar && status) {
      const value = Number(bar[4]);
      status.done = Number(bar[1] ?? bar[3]);
      if (bar[2] !== undefined) status.total = Number(bar[2]);
      if (value > 0) status.rate = bar[5] === 'it/s' ? value : 1 / value;
    }
  }
  return status;
}

/** "epoch 3/7 · 412/750 · 3.1 it/s"; the validation loop reads "epoch 3/7 · val 40/188 · 9.2 it/s". */
export function formatTrainingStatus(status: TrainingStatus): string {
  const parts: string[] = [];
  if (status.epoch !== undefined) parts.push(`epoch ${status.epoch}/${status.epochs}`);
  const batches = status.total !== undefined ? `${status.done}/${status.total}` : `${status.done}`;
  parts.push(status.phase === 'validation' ? `val ${batches}` : batches);
  if (status.rate !== undefined) parts.push(`${formatRate(status.rate)} it/s`);
  return parts.join(' · ');
}

function formatRate(rate: number): string {
  return rate >= 1 ? rate.toFixed(1) : rate.toPrecision(2);
}
