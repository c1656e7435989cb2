/**
 * Entry point of the kernel child process (dist/kernel/main.js): wires the
 * IPC channel to the Kernel, and keeps the process alive through user
 * errors. Started by KernelClient; never imports `vscode`.
 */
import { isClientMessage, PROTOCOL_VERSION, type ClientMessage, type KernelMessage, type KernelRequests, type RequestMethod } from '../protocol/kernelProtocol';
import { startOrphanWatchdog } from './orphanWatchdog';
import { KernelRequestError } from '../protocol/requestError';
import { Kernel } from './runtime/kernel';

Error.stackTraceLimit = 30;

if (!process.send) {
  process.stderr.write('The ibnb kernel runs as a child process of a client (the ibnb CLI or the VS Code extension); it cannot be started directly.\n');
  process.exit(2);
}

const realStderr = process.stderr.write.bind(process.stderr);

function send(message: KernelMessage, done?: () => void): void {
  if (!process.connected) return;
  try {
    process.send!(message, undefined, {}, (error) => {
      if (error) realStderr(`ibnb kernel: a message could not be sent (${error.message})\n`);
      done?.();
    });
  } catch (error) {
    realStderr(`ibnb kernel: a message could not be sent (${error instanceof Error ? error.message : String(error)})\n`);
    done?.();
  }
}

const kernel = new Kernel({
  send,
  kernelRequire: require,
  hiddenFiles: [__filename],
});

type Handlers = { [M in RequestMethod]: (params: KernelRequests[M]['params']) => KernelRequests[M]['result'] | Promise<KernelRequests[M]['result']> };

const handlers: Handlers = {
  execute: (params) => kernel.execute(params),
  listModels: () => kernel.listModels(),
  listEvaluators: (params) => kernel.listEvaluators(params.model),
  exportDynamics: (params) => kernel.exportDynamics(params.model, params.format),
  backendInfo: () => kernel.backendInfo(),
  interrupt: (params) => kernel.interrupt(params.cellId),
  shutdown: () => ({}),
};

/**
 * Each request is handled as it arrives, none waits for another: only
 * `execute` queues (behind the cell before it, inside Kernel), so questions
 * about a model are answered while a cell trains, between two batches.
 */
async function handle(message: ClientMessage): Promise<void> {
  try {
    const handler = handlers[message.method] as (params: unknown) => unknown;
    if (!handler) throw new Error(`Unknown request '${String(message.method)}': the client and the kernel are different versions; reinstall IB Notebooks.`);
    const result = await handler(message.params);
    send({ kind: 'response', id: message.id, result }, message.method === 'shutdown' ? () => process.exit(0) : undefined);
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    const code = error instanceof KernelRequestError ? { code: error.code } : {};
    send({ kind: 'response', id: message.id, error: { name: e.name, message: e.message, ...code } });
  }
}

process.on('message', (message: unknown) => {
  if (isClientMessage(message)) void handle(message);
});
// The client is gone (closed, crashed, killed): a kernel nobody talks to must not linger. The
// watchdog covers a kernel too busy in a cell to see the disconnect.
process.on('disconnect', () => process.exit(0));
startOrphanWatchdog();
// The client sends SIGINT to interrupt: while a cell's synchronous code runs, vm's breakOnSigint
// takes the signal; otherwise this handler stops the cell's awaited work (training between batches).
process.on('SIGINT', () => kernel.interrupt());

const reportUncaught = (error: unknown) => {
  try {
    if (!kernel.onUncaught(error)) realStderr(`ibnb kernel: uncaught error outside any cell: ${error instanceof Error ? error.stack : String(error)}\n`);
  } catch (reportError) {
    realStderr(`ibnb kernel: could not report an uncaught error: ${String(reportError)}\n`);
  }
};
process.on('uncaughtException', reportUncaught);
process.on('unhandledRejection', reportUncaught);

send({ kind: 'notification', method: 'ready', params: { pid: process.pid, protocolVersion: PROTOCOL_VERSION, nodeVersion: process.version } });
