/**
 * Turns esbuild's module-shaped output into the body of one async function
 * whose top-level declarations live on the global object, so that
 *  - state persists: `const model` in one cell is `model` in the next;
 *  - re-running a cell re-assigns instead of failing with "already declared";
 *  - top-level `await` works;
 *  - the last expression statement becomes the cell's value.
 * Lines are kept where they were, so positions map back cheaply.
 */
import { parseDeclarators } from './declarators';
import { type EditedText, TextEdits } from './edits';
import { type Statement, splitStatements } from './statements';
import { type Token, tokenize } from './tokenize';

/** The name of the runtime object every rewritten cell receives (see CellRuntime). */
export const RUNTIME = '__ibnb';
/** The global property holding the arguments of the cell about to run. */
export const CELL_ARGUMENTS = 'ibnb.cellArguments';

export interface RewrittenCell {
  edited: EditedText;
  /** Names the cell binds at top level; they must exist on the global object before it runs. */
  declaredNames: string[];
}

const STATEMENT_KEYWORDS = new Set([
  'if', 'for', 'while', 'do', 'switch', 'try', 'throw', 'return', 'break', 'continue', 'with', 'debugger',
  'import', 'export', 'function', 'class', 'const', 'let', 'var', 'using',
]);

export function rewriteCell(js: string): RewrittenCell {
  const tokens = tokenize(js);
  const statements = splitStatements(tokens);
  const edits = new TextEdits();
  const declared = new Set<string>();
  const functions: string[] = [];
  const context = { js, edits, declared, functions };

  replaceDynamicImports(tokens, edits);
  statements.forEach((statement, index) => {
    rewriteStatement(statement.tokens, statement, index === statements.length - 1, context);
  });

  const hoist = functions.length > 0 ? `${RUNTIME}.hoist({ ${functions.join(', ')} });` : '';
  const prefix = `"use strict";(async (${RUNTIME}, require, __filename, __dirname) => {${hoist}`;
  const suffix = `\n})(...globalThis[Symbol.for(${JSON.stringify(CELL_ARGUMENTS)})]);\n`;
  return { edited: edits.apply(js, prefix, suffix), declaredNames: [...declared] };
}

interface Context {
  js: string;
  edits: TextEdits;
  declared: Set<string>;
  functions: string[];
}

function rewriteStatement(tokens: Token[], statement: Statement, isLast: boolean, context: Context): void {
  const [first, second] = tokens;
  const keyword = first.type === 'name' ? first.value : '';
  if (keyword === 'import' && second && second.value !== '(' && second.value !== '.') {
    rewriteImport(tokens, statement, context);
  } else if (keyword === 'export') {
    rewriteExport(tokens, statement, isLast, context);
  } else if ((keyword === 'const' || keyword === 'let' || keyword === 'var') && second && (second.type === 'name' || second.value === '[' || second.value === '{')) {
    rewriteDeclaration(tokens, keyword, context);
  } else if (keyword === 'function' || (keyword === 'async' && second?.value === 'function' && second.line === first.line)) {
    const name = tokens.slice(0, 4).find((t, i) => i > 0 && t.type === 'name' && t.value !== 'function');
    if (name) {
      context.functions.push(name.value);
      context.declared.add(name.value);
    }
  } else if (keyword === 'class' && second?.type === 'name' && second.value !== 'extends') {
    context.declared.add(second.value);
    context.edits.insert(first.start, `${second.value} = `);
    context.edits.insert(statement.end, ';');
  } else if (isLast && isExpressionStatement(tokens)) {
    context.edits.insert(first.start, 'return ');
  }
}

function isExpressionStatement(tokens: Token[]): boolean {
  const [first, second] = tokens;
  if (first.value === '{' || first.value === ';') return false;
  if (first.type !== 'name') return true;
  if (STATEMENT_KEYWORDS.has(first.value)) return first.value === 'import' && (second?.value === '(' || second?.value === '.');
  if (second?.value === ':') return false;
  return !(first.value === 'async' && second?.value === 'function');
}

/** `let x = 1, { y } = o;` → `;(x = 1, { y } = o);` on the global object. */
function rewriteDeclaration(tokens: Token[], keyword: string, { edits, declared }: Context): void {
  const last = tokens[tokens.length - 1];
  const end = last.value === ';' ? tokens.length - 1 : tokens.length;
  const declarators = parseDeclarators(tokens, 1, end);
  edits.replace(tokens[0].start, tokens[1].start, ';(');
  for (const declarator of declarators) {
    declarator.names.forEach((name) => declared.add(name));
    if (!declarator.hasInitializer && declarator.names.length === 1) {
      // `let x;` resets x, while `var x;` keeps its value (namespaces and enums rely on that).
      edits.insert(declarator.patternEnd.end, keyword === 'var' ? ` = ${declarator.names[0]}` : ' = void 0');
    }
  }
  if (end < tokens.length) edits.insert(last.start, ')');
  else edits.insert(last.end, ');');
}

function rewriteExport(tokens: Token[], statement: Statement, isLast: boolean, context: Context): void {
  const next = tokens[1];
  if (!next || next.value === '{' || next.value === '*') {
    // Re-exports mean nothing in a notebook; the names are already global.
    context.edits.replace(statement.start, statement.end, keepLines(context.js, statement));
    return;
  }
  const skip = next.value === 'default' ? 2 : 1;
  context.edits.replace(tokens[0].start, tokens[skip].start, '');
  const rest = tokens.slice(skip);
  rewriteStatement(rest, { tokens: rest, start: rest[0].start, end: statement.end }, isLast, context);
}

/** `import d, { a as b } from "m";` → assignments of the module's exports to globals. */
function rewriteImport(tokens: Token[], statement: Statement, context: Context): void {
  const fromIndex = tokens.findIndex((t, i) => i > 0 && t.type === 'string' && (tokens[i - 1].value === 'from' || i === 1));
  if (fromIndex < 0) return;
  const specifier = tokens[fromIndex].value;
  const load = `await ${RUNTIME}.import(${specifier})`;
  const assignments: string[] = [];
  const clause = tokens.slice(1, fromIndex === 1 ? 1 : fromIndex - 1);
  let i = 0;
  if (clause[i]?.type === 'name' && clause[i].value !== 'type') {
    assignments.push(`${clause[i].value} = ${RUNTIME}.defaultOf(__module);`);
    context.declared.add(clause[i].value);
    i++;
    if (clause[i]?.value === ',') i++;
  }
  if (clause[i]?.value === '*' && clause[i + 2]) {
    const local = clause[i + 2].value;
    assignments.push(`${local} = ${RUNTIME}.namespaceOf(__module);`);
    context.declared.add(local);
  } else if (clause[i]?.value === '{') {
    const pairs = namedImports(clause.slice(i + 1, -1));
    pairs.forEach(([, local]) => context.declared.add(local));
    // Checked before the assignment, so a misspelt name fails at the import with the close ones (as ES modules do).
    if (pairs.length > 0) assignments.push(`${RUNTIME}.requireExports(__module, ${specifier}, ${JSON.stringify(pairs.map(([imported]) => imported))});`);
    if (pairs.length > 0) assignments.push(`({ ${pairs.map(([imported, local]) => `${imported}: ${local}`).join(', ')} } = __module);`);
  }
  const replacement = assignments.length === 0 ? `${load};` : `{ const __module = ${load}; ${assignments.join(' ')} }`;
  context.edits.replace(statement.start, statement.end, replacement + keepLines(context.js, statement));
}

/** [imported, local] pairs of `a, b as c, "d-e" as f, default as g`. */
function namedImports(tokens: Token[]): [string, string][] {
  const pairs: [string, string][] = [];
  let current: Token[] = [];
  for (const token of [...tokens, undefined]) {
    if (token && token.value !== ',') {
      current.push(token);
      continue;
    }
    if (current.length === 1) pairs.push([current[0].value, current[0].value]);
    else if (current.length === 3 && current[1].value === 'as') pairs.push([current[0].value, current[2].value]);
    current = [];
  }
  return pairs;
}

/** `import(x)` → the runtime's loader (resolving from the notebook); `import.meta` → the cell's meta. */
function replaceDynamicImports(tokens: Token[], edits: TextEdits): void {
  tokens.forEach((token, i) => {
    if (token.type !== 'name' || token.value !== 'import' || tokens[i - 1]?.value === '.') return;
    const next = tokens[i + 1];
    if (next?.value === '(') edits.replace(token.start, token.end, `${RUNTIME}.importDynamic`);
    else if (next?.value === '.' && tokens[i + 2]?.value === 'meta') edits.replace(token.start, tokens[i + 2].end, `${RUNTIME}.importMeta`);
  });
}

/** As many line breaks as the replaced statement had, so the lines after it keep their numbers. */
function keepLines(js: string, statement: Statement): string {
  return '\n'.repeat(js.slice(statement.start, statement.end).split('\n').length - 1);
}
