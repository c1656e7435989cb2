/** Command-line arguments of `ibnb`, parsed with node:util's parseArgs. */
import { parseArgs } from 'node:util';

export const USAGE = `Usage: ibnb run <notebook.ibnb> [--out <file>] [--html <report.html>] [--backend <name>] [--check]
       ibnb check <notebook.ibnb>

ibnb run: runs every code cell of the notebook in order in one kernel, and
writes the outputs into the notebook (or into --out).
ibnb check: type-checks the code cells as the editor does (across cells, in
order, against the library's types) and prints each error as
  file:cell N:line:col  message

Options:
  --out <file>        write the notebook with its outputs here instead of in place
  --html <file>       also write a self-contained HTML report (text, outputs, charts)
  --backend <name>    force a compute backend: tensorflow-gpu, webgpu, tensorflow, wasm or cpu
  --check             type-check first (as ibnb check); type errors stop the run before any cell runs
  -h, --help          show this help

Exit status: 0 when every cell succeeded (check: no type errors), 1 when a cell
failed (later cells are not run; the outputs so far are written) or, for check
and --check, when there are type errors, 2 for usage or file errors,
130 when interrupted with Ctrl+C.`;

export interface RunArgs {
  command: 'run';
  notebook: string;
  out?: string;
  html?: string;
  backend?: string;
  /** Type-check the notebook first (`--check`). */
  check?: boolean;
}

export interface CheckArgs {
  command: 'check';
  notebook: string;
}

export type CliArgs = RunArgs | CheckArgs | { command: 'help' };

const COMMANDS = ['run', 'check'];
/** Options that only `ibnb run` takes. */
const RUN_ONLY = ['out', 'html', 'backend', 'check'] as const;

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
        check: { type: 'boolean' },
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
  if (!COMMANDS.includes(command)) throw new UsageError(`Unknown command '${command}'; the commands are 'run' and 'check'.`);
  if (notebook === undefined) throw new UsageError(`No notebook given: ibnb ${command} <notebook.ibnb>.`);
  if (rest.length > 0) throw new UsageError(`One notebook at a time; unexpected: ${rest.join(' ')}.`);
  for (const [name, value] of [['--out', values.out], ['--html', values.html], ['--backend', values.backend]] as const) {
    if (value !== undefined && value.trim() === '') throw new UsageError(`${name} needs a value.`);
  }
  if (command === 'check') {
    const given = RUN_ONLY.filter((name) => values[name] !== undefined);
    if (given.length > 0) throw new UsageError(`--${given[0]} is an option of 'ibnb run'; 'ibnb check' only reads the notebook (ibnb run --check type-checks, then runs).`);
    return { command: 'check', notebook };
  }
  return { command: 'run', notebook, out: values.out, html: values.html, backend: values.backend, check: values.check };
}
