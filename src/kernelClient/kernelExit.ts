/** How a kernel process ended, and the error pending requests get when it ends unexpectedly. */

export interface KernelExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The client stopped it (dispose, restart, shutdown). */
  expected: boolean;
  /** The last lines it wrote to stderr, for the error message. */
  stderrTail: string;
  /** One sentence for the user. */
  message: string;
}

export class KernelDiedError extends Error {
  constructor(readonly exit: KernelExit) {
    super(exit.message);
    this.name = 'KernelDiedError';
  }
}

export function describeExit(code: number | null, signal: NodeJS.Signals | null, expected: boolean, stderrTail: string): string {
  if (expected) return 'The kernel was stopped.';
  const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
  const tail = stderrTail.trim() ? ` Its last error output:\n${stderrTail.trimEnd()}` : '';
  const hint = signal === 'SIGKILL' ? ' (often the system running out of memory: try a smaller batch size or model)' : '';
  return `The kernel ${how}${hint}; its variables are lost. Restart the kernel and re-run the cells you need.${tail}`;
}
