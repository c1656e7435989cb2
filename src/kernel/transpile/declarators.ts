/**
 * The declarators of `const`/`let`/`var` statements: which names each binds
 * (through destructuring patterns too) and whether it has an initializer.
 */
import type { Token } from './tokenize';

export interface Declarator {
  names: string[];
  /** The pattern's last token: `= value` is inserted after it when there is no initializer. */
  patternEnd: Token;
  hasInitializer: boolean;
}

/** Parses tokens[from, to) as `a = 1, { b, c: [d] } = o, e`. */
export function parseDeclarators(tokens: Token[], from: number, to: number): Declarator[] {
  const parser = new PatternParser(tokens, to);
  const declarators: Declarator[] = [];
  let i = from;
  while (i < to) {
    const baseDepth = tokens[i].depth;
    const names: string[] = [];
    i = parser.pattern(i, names);
    const patternEnd = tokens[i - 1];
    const hasInitializer = tokens[i]?.value === '=' && i < to;
    if (hasInitializer) i = parser.skipExpression(i + 1, baseDepth);
    declarators.push({ names, patternEnd, hasInitializer });
    if (i < to && tokens[i].value === ',') i++;
    else break;
  }
  return declarators;
}

class PatternParser {
  constructor(
    private readonly tokens: Token[],
    private readonly limit: number,
  ) {}

  /** Reads one binding pattern starting at `i`; returns the index after it. */
  pattern(i: number, names: string[]): number {
    const token = this.tokens[i];
    if (!token || i >= this.limit) return i;
    if (token.type === 'name') {
      names.push(token.value);
      return i + 1;
    }
    if (token.value === '[') return this.arrayPattern(i + 1, token.depth + 1, names);
    if (token.value === '{') return this.objectPattern(i + 1, token.depth + 1, names);
    return i + 1;
  }

  private arrayPattern(i: number, depth: number, names: string[]): number {
    while (i < this.limit) {
      const token = this.tokens[i];
      if (token.value === ']' && token.depth === depth) return i + 1;
      if (token.value === ',') {
        i++;
        continue;
      }
      if (token.value === '...') i++;
      i = this.pattern(i, names);
      if (this.tokens[i]?.value === '=') i = this.skipExpression(i + 1, depth);
    }
    return i;
  }

  private objectPattern(i: number, depth: number, names: string[]): number {
    while (i < this.limit) {
      const token = this.tokens[i];
      if (token.value === '}' && token.depth === depth) return i + 1;
      if (token.value === ',') {
        i++;
        continue;
      }
      if (token.value === '...') {
        i = this.pattern(i + 1, names);
        continue;
      }
      const key = token;
      i = key.value === '[' ? this.skipBrackets(i) : i + 1;
      if (this.tokens[i]?.value === ':') {
        i = this.pattern(i + 1, names);
      } else if (key.type === 'name') {
        names.push(key.value);
      }
      if (this.tokens[i]?.value === '=') i = this.skipExpression(i + 1, depth);
    }
    return i;
  }

  /** Skips a default value or initializer: up to the next ',' or closing bracket at `depth`. */
  skipExpression(i: number, depth: number): number {
    while (i < this.limit) {
      const token = this.tokens[i];
      if (token.depth === depth && (token.value === ',' || token.value === ']' || token.value === '}' || token.value === ';')) return i;
      if (token.depth < depth) return i;
      i++;
    }
    return i;
  }

  private skipBrackets(i: number): number {
    const depth = this.tokens[i].depth + 1;
    i++;
    while (i < this.limit && !(this.tokens[i].value === ']' && this.tokens[i].depth === depth)) i++;
    return i + 1;
  }
}
