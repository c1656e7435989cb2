/** A real kernel process (the built bundle) for tests, with each cell's outputs collected. */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { STDERR_MIME, STDOUT_MIME } from '../../src/format/mime';
import type { CellOutput } from '../../src/format/types';
import { CellOutputs } from '../../src/kernelClient/cellOutputs';
import { KernelClient, type KernelClientOptions } from '../../src/kernelClient/client';
import type { ExecuteResult, OutputParams, StreamParams } from '../../src/protocol/kernelProtocol';

export const KERNEL_PATH = resolve(__dirname, '../../dist/kernel/main.js');

export function requireBuiltKernel(): string {
  if (!existsSync(KERNEL_PATH)) throw new Error(`${KERNEL_PATH} is missing: run \`npm run build\` first (npm test does).`);
  return KERNEL_PATH;
}

export interface CellRun {
  result: ExecuteResult;
  outputs: CellOutput[];
  /** Everything the cell printed, stdout and stderr, in order. */
  text: string;
  /** text/plain of the cell's value outputs. */
  values: string[];
}

export class TestKernel {
  readonly client: KernelClient;
  private readonly cells = new Map<string, CellOutputs>();
  private counter = 0;

  constructor(
    readonly notebookDir: string,
    options: KernelClientOptions = {},
  ) {
    this.client = new KernelClient({ kernelPath: requireBuiltKernel(), ...options });
    const receive = (message: OutputParams | StreamParams) => {
      let outputs = this.cells.get(message.cellId);
      if (!outputs) this.cells.set(message.cellId, (outputs = new CellOutputs()));
      outputs.apply(message);
    };
    this.client.onOutput(receive);
    this.client.onStream(receive);
  }

  /** Runs a cell and collects its outputs. */
  async run(code: string, cellId = `cell-${++this.counter}`): Promise<CellRun> {
    this.cells.set(cellId, new CellOutputs());
    const result = await this.client.execute({ cellId, code, notebookDir: this.notebookDir, cellLabel: cellId });
    return this.collect(cellId, result);
  }

  collect(cellId: string, result: ExecuteResult): CellRun {
    const outputs = this.cells.get(cellId)?.outputs ?? [];
    const items = outputs.flatMap((o) => o.items);
    return {
      result,
      outputs,
      text: items.filter((i) => i.mime === STDOUT_MIME || i.mime === STDERR_MIME).map((i) => String(i.data)).join(''),
      values: items.filter((i) => i.mime === 'text/plain').map((i) => String(i.data)),
    };
  }

  outputsOf(cellId: string): CellOutput[] {
    return this.cells.get(cellId)?.outputs ?? [];
  }

  dispose(): void {
    this.client.dispose();
  }
}

/** A temp notebook folder with a tiny CommonJS package and a tiny ES module package in its node_modules, and a local helper module. */
export function notebookFolder(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'ibnb-kernel-test-'));
  const pkg = join(dir, 'node_modules', 'tiny-pkg');
  mkdirSync(pkg, { recursive: true });
  writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'tiny-pkg', version: '1.0.0', main: 'index.js' }));
  writeFileSync(join(pkg, 'index.js'), "exports.greet = (name) => `hello, ${name}`;\nexports.answer = 42;\n");
  const esm = join(dir, 'node_modules', 'esm-pkg');
  mkdirSync(esm, { recursive: true });
  writeFileSync(join(esm, 'package.json'), JSON.stringify({ name: 'esm-pkg', version: '1.0.0', type: 'module', exports: './index.js' }));
  writeFileSync(join(esm, 'index.js'), "export const esmValue = 'from esm';\nexport default 7;\n");
  writeFileSync(join(dir, 'helper.js'), 'module.exports = { double: (x) => 2 * x };\n');
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
