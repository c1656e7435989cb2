/** Command-line arguments of `ibnb`, parsed with node:util's parseArgs. */
import { parseArgs } from 'node:util';

export const USAGE = `Usage: ibnb run <notebook.ibnb> [--out <file>] [--html <report.html>] [--backend <name>]

Runs every code cell of the notebook in order in one kernel, and writes the
outputs into the notebook (or into --out).

Options:
  --out <file>        write the notebook with its outputs here instead of in place
  --html <file>       also write a self-contained HTML report (text, outputs, charts)
  --backend <name>    force a compute backend: tensorflow-gpu, webgpu, tensorflow, wasm or cpu
  -h, --help          show this help

Exit status: 0 when every cell succeeded, 1 when a cell failed (later cells are
not run; the outputs so far are written), 2 for usage or file errors,
130 when interrupted with Ctrl+C.`;

export interface RunArgs {
  command: 'run';
  notebook: string;
  out?: string;
  html?: string;
  backend?: string;
}

export type CliArgs = RunArgs | { command: 'help' };

export class UsageError extends Error {}

export function parseCliArgs(argv: string[]): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        out: { type: 'string', short: 'o' },
        html: { type: 'string' },
        backend: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help || positionals[0] === 'help') return { command: 'help' };
  const [command, notebook, ...rest] = positionals;
  if (command === undefined) throw new UsageError('No command given.');
  if (command !== 'run') throw new UsageError(`Unknown command '${command}'; the command is 'run'.`);
  if (notebook === undefined) throw new UsageError('No notebook given: ibnb run <notebook.ibnb>.');
  if (rest.length > 0) throw new UsageError(`One notebook at a time; unexpected: ${rest.join(' ')}.`);
  for (const [name, value] of [['--out', values.out], ['--html', values.html], ['--backend', values.backend]] as const) {
    if (value !== undefined && value.trim() === '') throw new UsageError(`${name} needs a value.`);
  }
  return { command: 'run', notebook, out: values.out, html: values.html, backend: values.backend };
}
