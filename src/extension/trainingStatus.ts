/**
 * The status bar's "epoch 3/7 · 412/750 · 3.1 it/s", from the kernel's
 * `progress` notification (the library's training events, structured): pure,
 * so its wording is tested without VS Code.
 */
import type { ProgressParams } from '../protocol/kernelProtocol';

/** "epoch 3/7 · 412/750 · 3.1 it/s · loss 0.412"; the validation loop reads "epoch 3/7 · val 40/188 · 9.2 it/s · loss 0.380". */
export function formatTrainingStatus(progress: Omit<ProgressParams, 'cellId'>): string {
  const parts: string[] = [`epoch ${progress.epoch}/${progress.epochs}`];
  const batches = progress.total !== undefined ? `${progress.batch}/${progress.total}` : `${progress.batch}`;
  parts.push(progress.phase === 'validation' ? `val ${batches}` : batches);
  if (progress.itPerSec > 0) parts.push(`${formatRate(progress.itPerSec)} it/s`);
  if (progress.loss !== null && Number.isFinite(progress.loss)) parts.push(`loss ${progress.loss.toPrecision(3)}`);
  return parts.join(' · ');
}

function formatRate(rate: number): string {
  return rate >= 1 ? rate.toFixed(1) : rate.toPrecision(2);
}
