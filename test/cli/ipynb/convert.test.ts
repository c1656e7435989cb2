import assert from 'node:assert/strict';
import test from 'node:test';
import { comparePictures, dynamicsPictures } from '../../../src/cli/ipynb/chartSvg';
import { lines, toIpynb, type IpynbCell, type IpynbOutput } from '../../../src/cli/ipynb/convert';
import { ipynbSchemaErrors } from '../../../src/cli/ipynb/validate';
import { ERROR_MIME, STDERR_MIME, STDOUT_MIME, type Notebook } from '../../../src/format/index';
import { COMPARE_MIME, DYNAMICS_MIME } from '../../../src/contract/dynamicsPayload';
import { makeCompare } from '../../charts/fixtures/compare';
import { HSIC_EVALUATOR, KDE_EVALUATOR, makePayload } from '../../charts/fixtures/payload';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const payload = makePayload({ epochs: 2, batchesPerEpoch: 3, layers: ['dense_1'], evaluators: [HSIC_EVALUATOR, KDE_EVALUATOR] });

function executed(): Notebook {
  return {
    metadata: { title: 'Shared', owner: 'me' },
    cells: [
      { kind: 'markdown', source: '# Title\n\nText.', metadata: { tags: ['intro'] } },
      {
        kind: 'code',
        language: 'typescript',
        source: 'console.log(1);\nmodel',
        executionOrder: 3,
        metadata: { tags: ['parameters'] },
        outputs: [
          { id: 'o1', items: [{ mime: STDOUT_MIME, data: 'one\ntwo\n' }] },
          { id: 'o2', items: [{ mime: STDERR_MIME, data: 'careful\n' }] },
          { id: 'o3', items: [{ mime: 'image/png', data: PNG }, { mime: 'text/plain', data: '<image>' }] },
          { id: 'o4', items: [{ mime: DYNAMICS_MIME, data: payload as never }] },
          { id: 'o5', items: [{ mime: 'text/html', data: '<table></table>' }, { mime: 'text/plain', data: 'a table' }] },
        ],
      },
      { kind: 'code', language: 'typescript', source: 'throw new Error("bad")', executionOrder: 4, outputs: [{ id: 'e', items: [{ mime: ERROR_MIME, data: { name: 'TypeError', message: 'bad', stack: 'TypeError: bad\n    at cell 3:1:7' } }] }] },
      { kind: 'code', language: 'typescript', source: 'later()', outputs: [] },
    ],
  };
}

const code = (cell: IpynbCell) => (cell.cell_type === 'code' ? cell : assert.fail(`${cell.id} is not code`));

test('an executed notebook becomes a schema-valid nbformat 4.5 notebook', async () => {
  const ipynb = await toIpynb(executed(), dynamicsPictures);
  assert.deepEqual(ipynbSchemaErrors(ipynb), []);
  assert.equal(ipynb.nbformat, 4);
  assert.equal(ipynb.nbformat_minor, 5);
  assert.deepEqual(ipynb.metadata.language_info, { name: 'typescript', file_extension: '.ts', mimetype: 'text/typescript', codemirror_mode: { name: 'javascript', typescript: true } });
  assert.equal(ipynb.metadata.title, 'Shared');
  assert.deepEqual(ipynb.metadata.ibnb, { exportedFrom: 'ibnb', metadata: { owner: 'me' } });
  assert.deepEqual(ipynb.cells.map((c) => [c.id, c.cell_type]), [['cell-1', 'markdown'], ['cell-2', 'code'], ['cell-3', 'code'], ['cell-4', 'code']]);
  assert.deepEqual(ipynb.cells[0], { id: 'cell-1', cell_type: 'markdown', metadata: { tags: ['intro'] }, source: ['# Title\n', '\n', 'Text.'] });
});

test('code stays code in typescript with its tags and count; outputs map to stream, display_data, execute_result and error', async () => {
  const ipynb = await toIpynb(executed(), dynamicsPictures);
  const cell = code(ipynb.cells[1]);
  assert.deepEqual(cell.metadata, { tags: ['parameters'], vscode: { languageId: 'typescript' } });
  assert.deepEqual(cell.source, ['console.log(1);\n', 'model']);
  assert.equal(cell.execution_count, 3);
  const [stdout, stderr, image, hsic, kde, result, ...rest] = cell.outputs;
  assert.deepEqual(rest, []);
  assert.deepEqual(stdout, { output_type: 'stream', name: 'stdout', text: ['one\n', 'two\n'] });
  assert.deepEqual(stderr, { output_type: 'stream', name: 'stderr', text: ['careful\n'] });
  assert.deepEqual(image, { output_type: 'display_data', data: { 'image/png': Buffer.from(PNG).toString('base64'), 'text/plain': ['<image>'] }, metadata: {} });
  assert.deepEqual(result, { output_type: 'execute_result', execution_count: 3, data: { 'text/html': ['<table></table>'], 'text/plain': ['a table'] }, metadata: {} });
  const chart = (o: IpynbOutput) => (o.output_type === 'display_data' ? o.data : assert.fail(o.output_type));
  // The charts: an SVG per evaluator, captioned with what was measured; the data once, under its own MIME type.
  assert.match(chart(hsic)['image/svg+xml'] ? (chart(hsic)['image/svg+xml'] as string[]).join('') : '', /^<svg[\s\S]*Information plane · HSIC · gaussian kernel · σ = 5 · biased[\s\S]*<\/svg>$/);
  assert.match((chart(hsic)['text/plain'] as string[]).join(''), /HSIC · gaussian kernel · σ = 5 · biased/);
  assert.match((chart(kde)['text/plain'] as string[]).join(''), /KDEMI · noiseVariance = 0\.1/);
  assert.deepEqual(chart(hsic)[DYNAMICS_MIME], payload);
  assert.equal(chart(kde)[DYNAMICS_MIME], undefined);
  const failed = code(ipynb.cells[2]);
  assert.deepEqual(failed.outputs, [{ output_type: 'error', ename: 'TypeError', evalue: 'bad', traceback: ['TypeError: bad', '    at cell 3:1:7'] }]);
  assert.equal(code(ipynb.cells[3]).execution_count, null, 'a cell that did not run has no count');
});

test('the schema check is real: it rejects what Jupyter would refuse', async () => {
  const ipynb = await toIpynb(executed(), dynamicsPictures);
  const broken = JSON.parse(JSON.stringify(ipynb));
  delete broken.cells[1].outputs[0].text;
  assert.ok(ipynbSchemaErrors(broken).some((e) => e.startsWith('/cells/1')));
  assert.ok(ipynbSchemaErrors({ ...ipynb, nbformat: 3 }).some((e) => e.startsWith('/nbformat')));
  const badId = JSON.parse(JSON.stringify(ipynb));
  badId.cells[0].id = 'has space';
  assert.notDeepEqual(ipynbSchemaErrors(badId), []);
});

test("lines splits after each newline, as nbformat's multiline strings", () => {
  assert.deepEqual(lines('a\nb'), ['a\n', 'b']);
  assert.deepEqual(lines('a\n\nb\n'), ['a\n', '\n', 'b\n']);
  assert.deepEqual(lines(''), []);
  assert.equal(lines('x\ny\n\nz').join(''), 'x\ny\n\nz');
});

test('a dynamics output that cannot be drawn keeps its data and says why, instead of failing the export', async () => {
  const notebook: Notebook = { metadata: {}, cells: [{ kind: 'code', language: 'typescript', source: 'x', outputs: [{ id: 'd', items: [{ mime: DYNAMICS_MIME, data: { version: 99 } }] }] }] };
  const ipynb = await toIpynb(notebook, dynamicsPictures);
  assert.deepEqual(ipynbSchemaErrors(ipynb), []);
  const [output] = code(ipynb.cells[0]).outputs;
  assert.equal(output.output_type, 'display_data');
  const data = output.output_type === 'display_data' ? output.data : {};
  assert.match((data['text/plain'] as string[]).join(''), /^Training dynamics chart not drawn: .*version/);
  assert.deepEqual(data[DYNAMICS_MIME], { version: 99 });
});

test('a comparison of runs exports as an SVG per evaluator with its caption and data; without a drawer, as data and text', async () => {
  const compare = makeCompare(3, 'mean-sd');
  const notebook: Notebook = {
    metadata: {},
    cells: [{ kind: 'code', language: 'typescript', source: 'await compareRuns(files)', executionOrder: 1, outputs: [{ id: 'c', items: [{ mime: COMPARE_MIME, data: compare as never }] }] }],
  };
  const ipynb = await toIpynb(notebook, dynamicsPictures, comparePictures);
  assert.deepEqual(ipynbSchemaErrors(ipynb), []);
  const [picture, ...rest] = code(ipynb.cells[0]).outputs;
  assert.deepEqual(rest, []);
  const data = picture.output_type === 'display_data' ? picture.data : assert.fail(picture.output_type);
  assert.match((data['image/svg+xml'] as string[]).join(''), /^<svg[\s\S]*mean ± 1 sd over 3 runs[\s\S]*<\/svg>$/);
  assert.match((data['text/plain'] as string[]).join(''), /HSIC · gaussian kernel · σ = 5 · biased[\s\S]*mean ± 1 sd over 3 runs/);
  assert.deepEqual(data[COMPARE_MIME], compare);

  const plain = await toIpynb(notebook, dynamicsPictures);
  const [text] = code(plain.cells[0]).outputs;
  assert.equal(text.output_type === 'execute_result' ? text.data['image/svg+xml'] : 'not a result', undefined);

  const broken: Notebook = { metadata: {}, cells: [{ ...notebook.cells[0], outputs: [{ id: 'b', items: [{ mime: COMPARE_MIME, data: { version: 9 } as never }] }] } as never] };
  const [why] = code((await toIpynb(broken, dynamicsPictures, comparePictures)).cells[0]).outputs;
  assert.match(why.output_type === 'display_data' ? (why.data['text/plain'] as string[]).join('') : '', /^Run comparison chart not drawn: /);
});
