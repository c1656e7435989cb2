import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CellOutputs } from '../../src/kernelClient/cellOutputs';

test('stream text joins the stream output it continues; rich outputs append or replace by id', () => {
  const outputs = new CellOutputs();
  outputs.apply({ cellId: 'c', name: 'stdout', text: 'a\n' });
  outputs.apply({ cellId: 'c', name: 'stdout', text: 'b\n' });
  outputs.apply({ cellId: 'c', name: 'stderr', text: 'warn\n' });
  outputs.apply({ cellId: 'c', outputId: 'bar', mode: 'append', items: [{ mime: 'text/plain', data: '10%' }] });
  outputs.apply({ cellId: 'c', name: 'stderr', text: 'more\n' });
  outputs.apply({ cellId: 'c', outputId: 'bar', mode: 'replace', items: [{ mime: 'text/plain', data: '100%' }] });
  outputs.apply({ cellId: 'c', name: 'stderr', text: 'end\n' });
  assert.deepEqual(
    outputs.outputs.map((o) => o.items.map((i) => `${i.mime}=${String(i.data)}`).join()),
    [
      'application/vnd.code.notebook.stdout=a\nb\n',
      'application/vnd.code.notebook.stderr=warn\n',
      'text/plain=100%',
      'application/vnd.code.notebook.stderr=more\nend\n',
    ],
  );
  assert.equal(new Set(outputs.outputs.map((o) => o.id)).size, 4);
});
