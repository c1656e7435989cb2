/**
 * `-p name=value` and `-r name=value`, as papermill's -p and -r: the value
 * of -p is read as JSON when it is valid JSON (1, 0.2, true, null,
 * "quoted", [1, 2], {"a": 1}) and kept as the text otherwise (adam, 1e-3x);
 * -r always keeps the text. papermill reads Python literals (True, None);
 * a TypeScript notebook's literals are JSON's (true, null).
 */
import type { JsonValue } from '../../format/types';

export interface Parameter {
  name: string;
  value: JsonValue;
}

/** A -p or -r argument that cannot be a parameter; the message says how to write one. */
export class ParameterSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Words a cell cannot declare as a variable (strict mode: cells run as strict code). */
const RESERVED = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false finally for function if import in ' +
    'instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface ' +
    'package private protected public await arguments eval undefined NaN Infinity'
  ).split(' '),
);

const IDENTIFIER = /^[\p{ID_Start}$_][\p{ID_Continue}$\u200c\u200d]*$/u;

export function isParameterName(name: string): boolean {
  return IDENTIFIER.test(name) && !RESERVED.has(name);
}

/** Parses `name=value` (the first '=' splits, so values may contain '='). */
export function parseParameter(text: string, option: '-p' | '-r'): Parameter {
  const split = text.indexOf('=');
  if (split < 0) {
    throw new ParameterSyntaxError(`${option} ${text}: a parameter is name=value, e.g. ${option} seed=1 (no '=' in ${JSON.stringify(text)}).`);
  }
  const name = text.slice(0, split).trim();
  const valueText = text.slice(split + 1);
  if (!isParameterName(name)) {
    const why = RESERVED.has(name) ? 'a reserved word' : name === '' ? 'empty' : 'not a TypeScript identifier';
    throw new ParameterSyntaxError(
      `${option} ${text}: the name ${JSON.stringify(name)} is ${why}; a parameter is a variable of the parameters cell (letters, digits, _ and $, not starting with a digit).`,
    );
  }
  return { name, value: option === '-r' ? valueText : jsonOrText(valueText) };
}

function jsonOrText(text: string): JsonValue {
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return text;
  }
}
