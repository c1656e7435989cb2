/**
 * Splits esbuild's output into top-level statements. esbuild prints every
 * statement on a new line and indents everything nested, so a top-level
 * statement starts at a token in column 0 outside any bracket; the only
 * exceptions it prints are `else` and the `while` of a `do … while`.
 */
import type { Token } from './tokenize';

export interface Statement {
  tokens: Token[];
  /** Offsets into the code: from the first token's start to the last token's end. */
  start: number;
  end: number;
}

export function splitStatements(tokens: Token[]): Statement[] {
  const statements: Statement[] = [];
  let current: Token[] = [];
  for (const token of tokens) {
    if (current.length > 0 && startsStatement(token, current)) {
      statements.push(toStatement(current));
      current = [];
    }
    current.push(token);
  }
  if (current.length > 0) statements.push(toStatement(current));
  return statements;
}

function startsStatement(token: Token, current: Token[]): boolean {
  if (token.depth !== 0 || !token.firstOnLine || token.column !== 0) return false;
  if (token.type === 'name' && token.value === 'else') return false;
  if (token.type === 'name' && token.value === 'while' && current[0].value === 'do') {
    return current.some((t) => t.depth === 0 && t.value === 'while');
  }
  return true;
}

function toStatement(tokens: Token[]): Statement {
  return { tokens, start: tokens[0].start, end: tokens[tokens.length - 1].end };
}
