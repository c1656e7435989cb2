/**
 * A thrown value → what the user sees: the message and the stack frames of
 * their cells, at the cells' own TypeScript lines and columns; frames of the
 * kernel, the bundled library and Node's internals are hidden.
 */
import type { CellErrorInfo } from '../../protocol/kernelProtocol';
import { CellSyntaxError } from '../transpile/transpile';
import type { ScriptRegistry } from './scripts';

const FRAME = /^\s*at (?:(.+?) \((.+):(\d+):(\d+)\)|(?:async )?(.+):(\d+):(\d+))$/;

export function errorInfo(thrown: unknown, scripts: ScriptRegistry, hiddenFiles: readonly string[], currentLabel: string): CellErrorInfo {
  if (thrown instanceof CellSyntaxError) return syntaxErrorInfo(thrown, currentLabel);
  const error = thrown instanceof Error ? thrown : undefined;
  const name = error ? errorName(error) : 'Error';
  const message = error ? error.message : `Uncaught ${describeThrown(thrown)}`;
  const header = `${name}: ${message}`;
  const stack = error && typeof error.stack === 'string' ? error.stack : '';
  const info: CellErrorInfo = { name, message, stack: header };

  const compileLocation = /^(ibnb:\/\/cell\/\d+):(\d+)\n/.exec(stack);
  if (compileLocation && error instanceof SyntaxError) {
    const mapped = scripts.map(compileLocation[1], Number(compileLocation[2]), 1);
    if (mapped?.position) Object.assign(info, { line: mapped.position.line, column: mapped.position.column, cellLabel: mapped.label });
    info.stack = mapped?.position ? `${header} (${mapped.label}, line ${mapped.position.line})` : header;
    return info;
  }

  const frames: string[] = [];
  for (const line of stack.split('\n')) {
    const match = FRAME.exec(line);
    if (!match) continue;
    const fn = match[1];
    const file = match[2] ?? match[5];
    const lineNumber = Number(match[3] ?? match[6]);
    const column = Number(match[4] ?? match[7]);
    const mapped = scripts.map(file, lineNumber, column);
    if (mapped) {
      // A frame without a position is the kernel's wrapper around the cell.
      if (!mapped.position) continue;
      const where = `${mapped.label}:${mapped.position.line}:${mapped.position.column}`;
      frames.push(fn ? `    at ${fn} (${where})` : `    at ${where}`);
      if (info.line === undefined) Object.assign(info, { line: mapped.position.line, column: mapped.position.column, cellLabel: mapped.label });
    } else if (!isHidden(file, hiddenFiles)) {
      frames.push(fn ? `    at ${fn} (${file}:${lineNumber}:${column})` : `    at ${file}:${lineNumber}:${column}`);
    }
  }
  info.stack = [header, ...frames].join('\n');
  return info;
}

function syntaxErrorInfo(error: CellSyntaxError, label: string): CellErrorInfo {
  const info: CellErrorInfo = { name: 'SyntaxError', message: error.message, stack: `SyntaxError: ${error.message}`, cellLabel: label };
  if (error.position) {
    info.line = error.position.line;
    info.column = error.position.column;
    info.message = `${error.reason} (${label}, line ${error.position.line}, column ${error.position.column})`;
    info.stack = `SyntaxError: ${info.message}`;
    if (error.lineText !== undefined) info.stack += `\n  ${error.lineText}\n  ${' '.repeat(error.position.column - 1)}^`;
  }
  return info;
}

function isHidden(file: string, hiddenFiles: readonly string[]): boolean {
  return file.startsWith('node:') || file.startsWith('internal/') || file === '<anonymous>' || hiddenFiles.includes(file);
}

function errorName(error: Error): string {
  return error.name || error.constructor?.name || 'Error';
}

function describeThrown(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  try {
    return String(value);
  } catch {
    return typeof value;
  }
}
