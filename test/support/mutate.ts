/**
 * Mutations of valid JSON documents for the fuzz tests: a field deleted, a
 * value replaced by one of another type (or an extreme number), an array
 * emptied or grown, or the text cut short, at a random place in the tree.
 */
import fc from 'fast-check';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const replacement: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(null, true, false, 0, -1, 1e308, -1e-308, '', 'NaN', [], {}),
  fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
);

function paths(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  const here = [prefix];
  if (Array.isArray(value)) return here.concat(...value.map((v, i) => paths(v, [...prefix, i])));
  if (value && typeof value === 'object') return here.concat(...Object.entries(value).map(([k, v]) => paths(v, [...prefix, k])));
  return here;
}

function mutate(root: Json, path: (string | number)[], kind: number, value: Json): Json {
  if (path.length === 0) return kind === 0 ? value : root;
  const copy = structuredClone(root) as Record<string | number, Json>;
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, Json>;
  const key = path[path.length - 1];
  const target = parent[key];
  if (kind === 0) parent[key] = value;
  else if (kind === 1) {
    if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else delete parent[key];
  } else if (kind === 2 && Array.isArray(target)) parent[key] = [];
  else if (kind === 3 && Array.isArray(target)) parent[key] = [...target, ...target, value];
  else parent[key] = value;
  return copy as Json;
}

/** Documents from `valid`, each with one mutation at a random place. */
export function mutatedValue(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.tuple(valid, fc.nat(), fc.nat(3), replacement).map(([document, at, kind, value]) => {
    const root = structuredClone(document) as Json;
    const all = paths(root);
    return mutate(root, all[at % all.length], kind, value);
  });
}

/** Texts of documents from `valid`, each mutated once or cut short at a random place. */
export function mutatedJson(valid: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.oneof(
    mutatedValue(valid.map((text) => JSON.parse(text) as unknown)).map((value) => JSON.stringify(value)),
    fc.tuple(valid, fc.nat()).map(([text, cut]) => text.slice(0, cut % (text.length + 1))),
  );
}
