/**
 * Ends the kernel when its client is gone, even while a cell's synchronous
 * loop holds the main thread. The IPC 'disconnect' event covers an idle
 * kernel; a busy one never gets to see it, and a client killed outright
 * (SIGKILL, a crashed extension host, a test runner's timeout) cannot kill
 * it either. A worker thread runs beside the loop and watches the parent
 * process id: when the client dies the kernel is re-parented, and the worker
 * kills the process.
 */
import { Worker } from 'node:worker_threads';

/** How often the worker looks at the parent process id. */
const POLL_MS = 500;

const WATCHDOG_SOURCE = `
const { workerData } = require('node:worker_threads');
setInterval(() => {
  if (process.ppid !== workerData.parentPid) process.kill(process.pid, 'SIGKILL');
}, workerData.pollMs);
`;

export function startOrphanWatchdog(): void {
  const worker = new Worker(WATCHDOG_SOURCE, { eval: true, workerData: { parentPid: process.ppid, pollMs: POLL_MS } });
  // The watchdog must never keep the kernel alive, nor take it down if it cannot start.
  worker.unref();
  worker.on('error', (error) => process.stderr.write(`ibnb kernel: the orphan watchdog stopped (${error.message}); a kernel whose client dies during a busy cell may linger.\n`));
}
