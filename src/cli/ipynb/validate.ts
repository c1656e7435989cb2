/**
 * Checks a Jupyter notebook against the official nbformat 4.5 schema
 * (vendored, see SOURCE.md). The schema is JSON Schema draft-04, which
 * Ajv 8 reads through ajv-draft-04; `strict: false` because the schema
 * itself carries a few keywords no draft defines (e.g. `item`).
 */
import Ajv from 'ajv-draft-04';
import schema from './nbformat.v4.5.schema.json';

let validator: ReturnType<Ajv['compile']> | undefined;

/** The schema's complaints, one line each ('/cells/0/outputs/1: must have required property "text"'); empty when valid. */
export function ipynbSchemaErrors(notebook: unknown): string[] {
  validator ??= new Ajv({ strict: false, allErrors: true }).compile(schema);
  if (validator(notebook)) return [];
  return (validator.errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message ?? 'invalid'}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`);
}
