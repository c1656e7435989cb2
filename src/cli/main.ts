/** `ibnb`: the headless runner (package.json "bin" → dist/cli/main.js). */
import { parseCliArgs, USAGE, UsageError } from './args';
import { exportNotebook } from './exportNotebook';
import { checkNotebook } from './checkNotebook';
import { EXIT_USAGE, runNotebook } from './runNotebook';
import { TerminalView } from './terminalView';

async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseCliArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`ibnb: ${error.message}\n\n${USAGE}\n`);
    return EXIT_USAGE;
  }
  if (args.command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const view = new TerminalView();
  if (args.command === 'export') return exportNotebook(args, view);
  if (args.command === 'check') return (await checkNotebook(args.notebook, { view })).exitCode;
  // --check: type errors stop the run before the kernel starts (exit 1, nothing written).
  if (args.check) {
    const check = await checkNotebook(args.notebook, { view });
    if (check.exitCode !== 0) return check.exitCode;
  }
  return runNotebook(args, { view });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`ibnb: internal error: ${error instanceof Error ? error.stack : String(error)}\nPlease report this as a bug.\n`);
    process.exitCode = 1;
  },
);
