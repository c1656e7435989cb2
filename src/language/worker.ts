/**
 * The language worker: a worker thread of the extension host that holds one
 * NotebookLanguageService per open notebook. Type-checking parses ~800
 * declaration files on first use and re-checks on every edit; on the
 * extension host's own thread that would stall everything else it does
 * (kernel messages, saving the notebook). Requests are answered in order.
 */
import { parentPort } from 'node:worker_threads';
import type { LanguageRequest, LanguageResponse } from './protocol';
import { NotebookLanguageService } from './service';

const services = new Map<string, NotebookLanguageService>();

function serviceOf(notebook: string): NotebookLanguageService {
  const service = services.get(notebook);
  if (!service) throw new Error(`The language worker has no notebook '${notebook}': open it first (a bug in the extension; reopen the notebook).`);
  return service;
}

function handle(request: LanguageRequest): unknown {
  const { notebook, params } = request;
  switch (request.method) {
    case 'open': {
      services.get(notebook)?.dispose();
      services.set(notebook, new NotebookLanguageService((params as LanguageRequest<'open'>['params'])[0]));
      return undefined;
    }
    case 'close': {
      services.get(notebook)?.dispose();
      services.delete(notebook);
      return undefined;
    }
    case 'update':
      return serviceOf(notebook).update(...(params as LanguageRequest<'update'>['params']));
    case 'diagnostics':
      return serviceOf(notebook).diagnostics();
    case 'completions':
      return serviceOf(notebook).completions(...(params as LanguageRequest<'completions'>['params']));
    case 'completionDetail':
      return serviceOf(notebook).completionDetail(...(params as LanguageRequest<'completionDetail'>['params']));
    case 'hover':
      return serviceOf(notebook).hover(...(params as LanguageRequest<'hover'>['params']));
    case 'signatureHelp':
      return serviceOf(notebook).signatureHelp(...(params as LanguageRequest<'signatureHelp'>['params']));
    case 'definition':
      return serviceOf(notebook).definition(...(params as LanguageRequest<'definition'>['params']));
    default:
      throw new Error(`Unknown language worker method '${String(request.method)}'.`);
  }
}

parentPort?.on('message', (request: LanguageRequest) => {
  let response: LanguageResponse;
  try {
    response = { id: request.id, ok: true, result: handle(request) };
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    response = { id: request.id, ok: false, error: { name: e.name, message: e.message, stack: e.stack } };
  }
  parentPort!.postMessage(response);
});
