/**
 * A request the kernel understood but could not answer (no such model, a
 * model that tracks no dynamics, bad params). Crosses the IPC channel as
 * { name, message, code }: the kernel throws it, the client rethrows it, so
 * both sides test `code` and show `message`, which says how to fix it.
 */
import type { RequestErrorCode } from './kernelProtocol';

export class KernelRequestError extends Error {
  override readonly name = 'KernelRequestError';

  constructor(
    readonly code: RequestErrorCode,
    message: string,
  ) {
    super(message);
  }
}
