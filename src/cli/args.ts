/** Command-line arguments of `ibnb`, parsed with node:util's parseArgs: every option is checked here. */
import { parseArgs } from 'node:util';
import { ParameterSyntaxError, parseParameter, type Parameter } from './parameters/parse';

export const USAGE = `Usage: ibnb run <notebook.ibnb> [--out <file>] [--html <report.html>] [--ipynb <file.ipynb>]
                [--backend <name>] [--check] [-p name=value]... [-r name=value]...
       ibnb check <notebook.ibnb>
       ibnb export <notebook.ibnb> --to ipynb [--out <file.ipynb>]

ibnb run runs every code cell of the notebook in order in one kernel, and
writes the outputs into the notebook (or into --out).
ibnb check type-checks the code cells as the editor does (across cells, in
order, against the library's types) and prints each error as
  file:cell N:line:col  message

Options of run:
  -o, --out <file>      write the notebook with its outputs here instead of in place
  --html <file>         also write a self-contained HTML report (text, outputs, charts)
  --ipynb <file>        also write the executed notebook as a Jupyter notebook (.ipynb)
  --backend <name>      force a compute backend: tensorflow-gpu, webgpu, tensorflow, wasm or cpu
  --check               type-check first (as ibnb check); type errors stop the run before any cell runs
  -p, --parameter name=value
                        set a parameter, as papermill does: a cell with the values is
                        run right after the cell tagged "parameters"; the value is JSON
                        when it parses as JSON (1, 0.2, true, null, "1", [1,2]), else text
  -r, --raw-parameter name=value
                        the same, the value always kept as text
  -h, --help            show this help

ibnb export writes a notebook's cells and saved outputs as another format
(--to ipynb: nbformat 4, with the charts as SVG beside their data) to --out,
by default beside the notebook with the format's extension.

Exit status: 0 when every cell succeeded, 1 when a cell failed (later cells are
not run; the outputs so far are written), 2 for usage or file errors,
130 when interrupted with Ctrl+C.`;

export interface RunArgs {
  command: 'run';
  notebook: string;
  out?: string;
  html?: string;
  ipynb?: string;
  backend?: string;
  /** In command-line order, a name given twice once with its last value (as papermill's later -p wins). */
  parameters: Parameter[];
  /** Type-check the notebook first (`--check`). */
  check?: boolean;
}

export interface CheckArgs {
  command: 'check';
  notebook: string;
}

export interface ExportArgs {
  command: 'export';
  notebook: string;
  to: 'ipynb';
  out?: string;
}

export type CliArgs = RunArgs | CheckArgs | ExportArgs | { command: 'help' };

export class UsageError extends Error {}

const OPTIONS = {
  out: { type: 'string', short: 'o' },
  html: { type: 'string' },
  ipynb: { type: 'string' },
  backend: { type: 'string' },
  check: { type: 'boolean' },
  parameter: { type: 'string', short: 'p', multiple: true },
  'raw-parameter': { type: 'string', short: 'r', multiple: true },
  to: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Which command takes which option; one given to the other command is an error, not ignored. */
const COMMAND_OPTIONS: Record<Command, readonly (keyof typeof OPTIONS)[]> = {
  run: ['out', 'html', 'ipynb', 'backend', 'check', 'parameter', 'raw-parameter'],
  check: [],
  export: ['out', 'to'],
};
type Command = 'run' | 'check' | 'export';
const COMMANDS: readonly Command[] = ['run', 'check', 'export'];

export const EXPORT_FORMATS = ['ipynb'] as const;

export function parseCliArgs(argv: string[]): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, tokens: true, options: OPTIONS });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals, tokens } = parsed;
  if (values.help || positionals[0] === 'help') return { command: 'help' };
  const [command, notebook, ...rest] = positionals;
  if (command === undefined) throw new UsageError('No command given.');
  if (!(COMMANDS as readonly string[]).includes(command)) throw new UsageError(`Unknown command '${command}'; the commands are 'run', 'check' and 'export'.`);
  if (notebook === undefined) throw new UsageError(`No notebook given: ibnb ${command} <notebook.ibnb>.`);
  if (rest.length > 0) throw new UsageError(`One notebook at a time; unexpected: ${rest.join(' ')}.`);
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const name = token.name as keyof typeof OPTIONS;
    if (!COMMAND_OPTIONS[command as Command].includes(name)) {
      const others = COMMANDS.filter((c) => c !== command && COMMAND_OPTIONS[c].includes(name));
      throw new UsageError(`--${name} is not an option of ibnb ${command}${others.length > 0 ? ` (it is one of ibnb ${others.join(' and ibnb ')})` : ''}.`);
    }
    if (typeof token.value === 'string' && token.value.trim() === '' && name !== 'parameter' && name !== 'raw-parameter') {
      throw new UsageError(`--${name} needs a value.`);
    }
  }
  if (command === 'check') return { command: 'check', notebook };
  if (command === 'export') {
    if (values.to === undefined) throw new UsageError(`ibnb export needs --to <format>; the formats are: ${EXPORT_FORMATS.join(', ')}.`);
    if (!(EXPORT_FORMATS as readonly string[]).includes(values.to)) throw new UsageError(`--to ${values.to}: the formats are: ${EXPORT_FORMATS.join(', ')}.`);
    return { command: 'export', notebook, to: values.to as ExportArgs['to'], out: values.out };
  }
  return { command: 'run', notebook, out: values.out, html: values.html, ipynb: values.ipynb, backend: values.backend, check: values.check, parameters: parametersOf(tokens) };
}

type Token = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; tokens: true; allowPositionals: true }>>['tokens'][number];

/** -p and -r in the order given: a later value of a name replaces an earlier one, in the earlier one's place. */
function parametersOf(tokens: Token[]): Parameter[] {
  const byName = new Map<string, Parameter>();
  for (const token of tokens) {
    if (token.kind !== 'option' || (token.name !== 'parameter' && token.name !== 'raw-parameter')) continue;
    try {
      const parameter = parseParameter(token.value ?? '', token.name === 'parameter' ? '-p' : '-r');
      byName.set(parameter.name, parameter);
    } catch (error) {
      if (error instanceof ParameterSyntaxError) throw new UsageError(error.message);
      throw error;
    }
  }
  return [...byName.values()];
}
