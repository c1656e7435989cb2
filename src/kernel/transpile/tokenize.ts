/**
 * A JavaScript tokenizer for esbuild's output: enough to find top-level
 * statements, declarations and `import` forms without a full parser (the
 * TypeScript parser is not shipped with the kernel). Comments are dropped;
 * strings, template literals and regular expressions are single tokens, so
 * their contents never look like code.
 */

export type TokenType = 'name' | 'punct' | 'string' | 'number' | 'regex' | 'template' | 'private';

export interface Token {
  type: TokenType;
  value: string;
  start: number;
  end: number;
  /** 0-based line and column of `start`. */
  line: number;
  column: number;
  /** No other token precedes it on its line. */
  firstOnLine: boolean;
  /** Open brackets (and template `${`) enclosing the token; a closing bracket counts the one it closes. */
  depth: number;
}

const PUNCTUATORS = [
  '>>>=', '...', '===', '!==', '**=', '<<=', '>>=', '>>>', '&&=', '||=', '??=',
  '=>', '==', '!=', '<=', '>=', '&&', '||', '??', '?.', '++', '--', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '**', '<<', '>>',
];
/** After these keywords an expression starts, so `/` begins a regular expression. */
const KEYWORDS_BEFORE_EXPRESSION = new Set(['return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'yield', 'await', 'extends']);
const NUMBER = /(?:0[xXoObB][\da-fA-F_]+n?|(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?n?)/y;
const NAME = /(?:[A-Za-z_$\u0080-\uffff]|\\u[\da-fA-F]{4}|\\u\{[\da-fA-F]+\})(?:[\w$\u0080-\uffff]|\\u[\da-fA-F]{4}|\\u\{[\da-fA-F]+\})*/y;

export class TokenizeError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

export function tokenize(code: string): Token[] {
  const tokens: Token[] = [];
  /** '(' '[' '{' or '${' for an open template substitution. */
  const stack: string[] = [];
  let i = 0;
  let line = 0;
  let lineStart = 0;
  let lastLineWithToken = -1;

  const push = (type: TokenType, start: number, end: number, depth = stack.length) => {
    tokens.push({ type, value: code.slice(start, end), start, end, line, column: start - lineStart, firstOnLine: lastLineWithToken !== line, depth });
    countLines(start, end);
    lastLineWithToken = line;
  };
  // Tokens that span lines (templates, block comments) move the line counter past their end.
  const countLines = (start: number, end: number) => {
    for (let k = start; k < end; k++) {
      if (code[k] === '\n') {
        line++;
        lineStart = k + 1;
      }
    }
  };

  while (i < code.length) {
    const c = code[i];
    if (c === '\n') {
      line++;
      lineStart = ++i;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\ufeff' || c === '\u2028' || c === '\u2029') {
      i++;
      continue;
    }
    if (c === '/' && code[i + 1] === '/') {
      while (i < code.length && code[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && code[i + 1] === '*') {
      const end = code.indexOf('*/', i + 2);
      if (end < 0) throw new TokenizeError('unterminated comment', i);
      countLines(i, end + 2);
      i = end + 2;
      continue;
    }
    if (i === 0 && c === '#' && code[1] === '!') {
      while (i < code.length && code[i] !== '\n') i++;
      continue;
    }
    if (c === '"' || c === "'") {
      const end = scanString(code, i);
      push('string', i, end);
      i = end;
      continue;
    }
    if (c === '`' || (c === '}' && stack.at(-1) === '${')) {
      const depth = stack.length;
      if (c === '}') stack.pop();
      const { end, opensSubstitution } = scanTemplate(code, i + 1);
      push('template', i, end, depth);
      if (opensSubstitution) stack.push('${');
      i = end;
      continue;
    }
    NUMBER.lastIndex = i;
    if (/[\d.]/.test(c) && (c !== '.' || /\d/.test(code[i + 1] ?? '')) && NUMBER.exec(code)) {
      push('number', i, NUMBER.lastIndex);
      i = NUMBER.lastIndex;
      continue;
    }
    NAME.lastIndex = c === '#' ? i + 1 : i;
    if ((c === '#' || /[A-Za-z_$\\\u0080-\uffff]/.test(c)) && NAME.exec(code)) {
      push(c === '#' ? 'private' : 'name', i, NAME.lastIndex);
      i = NAME.lastIndex;
      continue;
    }
    if (c === '/' && regexAllowed(tokens.at(-1), lastLineWithToken !== line)) {
      const end = scanRegex(code, i);
      push('regex', i, end);
      i = end;
      continue;
    }
    if (c === '(' || c === '[' || c === '{') {
      push('punct', i, i + 1);
      stack.push(c);
      i++;
      continue;
    }
    if (c === ')' || c === ']' || c === '}') {
      push('punct', i, i + 1);
      stack.pop();
      i++;
      continue;
    }
    const punct = PUNCTUATORS.find((p) => code.startsWith(p, i)) ?? c;
    push('punct', i, i + punct.length);
    i += punct.length;
  }
  return tokens;
}

function regexAllowed(previous: Token | undefined, startsLine: boolean): boolean {
  if (!previous) return true;
  if (previous.type === 'name') return KEYWORDS_BEFORE_EXPRESSION.has(previous.value);
  if (previous.type !== 'punct') return false;
  // esbuild never starts a line with a division, so `}` + newline + `/` is a regex statement.
  if (previous.value === '}') return startsLine;
  return previous.value !== ')' && previous.value !== ']' && previous.value !== '++' && previous.value !== '--';
}

function scanString(code: string, start: number): number {
  const quote = code[start];
  let i = start + 1;
  while (i < code.length && code[i] !== quote) {
    if (code[i] === '\\') i++;
    else if (code[i] === '\n') break;
    i++;
  }
  if (code[i] !== quote) throw new TokenizeError('unterminated string', start);
  return i + 1;
}

/** From just after '`' or '}': to just after the closing '`' or the next '${'. */
function scanTemplate(code: string, from: number): { end: number; opensSubstitution: boolean } {
  let i = from;
  while (i < code.length) {
    if (code[i] === '\\') i += 2;
    else if (code[i] === '`') return { end: i + 1, opensSubstitution: false };
    else if (code[i] === '$' && code[i + 1] === '{') return { end: i + 2, opensSubstitution: true };
    else i++;
  }
  throw new TokenizeError('unterminated template literal', from - 1);
}

function scanRegex(code: string, start: number): number {
  let i = start + 1;
  let inClass = false;
  while (i < code.length) {
    const c = code[i];
    if (c === '\n') break;
    if (c === '\\') i++;
    else if (c === '[') inClass = true;
    else if (c === ']') inClass = false;
    else if (c === '/' && !inClass) {
      i++;
      while (i < code.length && /[a-z]/i.test(code[i])) i++;
      return i;
    }
    i++;
  }
  throw new TokenizeError('unterminated regular expression', start);
}
