/** tqdm-style progress text, shared by the terminal reporter and the notebook kernel. */

const BLOCKS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/** "04:07" or "1:02:03". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '?';
  const total = Math.round(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = String(m).padStart(2, '0');
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

/** A bar of `width` cells with eighth-block resolution. */
export function formatBar(fraction: number, width = 10): string {
  const clamped = Math.min(1, Math.max(0, fraction));
  const eighths = Math.floor(clamped * width * 8);
  const full = Math.floor(eighths / 8);
  const partial = BLOCKS[eighths % 8];
  return ('█'.repeat(full) + partial).padEnd(width, ' ');
}

/** "100%|██████████| 750/750 [04:07<00:00, 3.07it/s]", like tqdm. */
export function formatProgressLine(done: number, total: number | undefined, elapsedMs: number): string {
  const rate = elapsedMs > 0 ? (done * 1000) / elapsedMs : 0;
  const rateText = rate >= 1 || rate === 0 ? `${rate.toFixed(2)}it/s` : `${(1 / rate).toFixed(2)}s/it`;
  if (!total) return `${done}it [${formatDuration(elapsedMs)}, ${rateText}]`;
  const fraction = done / total;
  const remainingMs = rate > 0 ? ((total - done) / rate) * 1000 : NaN;
  const percent = `${Math.floor(fraction * 100)}%`.padStart(4, ' ');
  return `${percent}|${formatBar(fraction)}| ${done}/${total} [${formatDuration(elapsedMs)}<${formatDuration(remainingMs)}, ${rateText}]`;
}

/** "loss: 2.29 - acc: 0.30", PyGlow's per-loop summary line. */
export function formatMetrics(loss: number, accuracy: number): string {
  return Number.isNaN(accuracy) ? `loss: ${loss.toFixed(2)}` : `loss: ${loss.toFixed(2)} - acc: ${accuracy.toFixed(2)}`;
}
