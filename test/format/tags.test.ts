import assert from 'node:assert/strict';
import test from 'node:test';
import { cellTags, hasTag, withoutTag, withTag } from '../../src/format/index';

test('tags are metadata.tags, strings only; anything else there counts as no tags', () => {
  assert.deepEqual(cellTags({ metadata: { tags: ['parameters', 3, 'x'] } }), ['parameters', 'x']);
  assert.deepEqual(cellTags({ metadata: { tags: 'parameters' } }), []);
  assert.deepEqual(cellTags({}), []);
  assert.ok(hasTag({ metadata: { tags: ['a', 'parameters'] } }, 'parameters'));
  assert.ok(!hasTag({ metadata: { tag: ['parameters'] } }, 'parameters'));
});

test('withTag adds a tag once and withoutTag removes it, keeping other keys and tags, never changing the input', () => {
  const metadata = { note: 1, tags: ['keep'] };
  const tagged = withTag(metadata, 'parameters');
  assert.deepEqual(tagged, { note: 1, tags: ['keep', 'parameters'] });
  assert.deepEqual(withTag(tagged, 'parameters'), tagged);
  assert.deepEqual(metadata, { note: 1, tags: ['keep'] });
  assert.deepEqual(withTag(undefined, 'parameters'), { tags: ['parameters'] });
  assert.deepEqual(withoutTag(tagged, 'parameters'), { note: 1, tags: ['keep'] });
  assert.deepEqual(withoutTag({ note: 1, tags: ['parameters'] }, 'parameters'), { note: 1 });
  assert.deepEqual(withoutTag(undefined, 'parameters'), {});
});
