import assert from 'node:assert/strict';
import test from 'node:test';
import { renderReport } from '../../src/cli/report';
import type { Notebook } from '../../src/format/index';
import { COMPARE_MIME, DYNAMICS_MIME } from '../../src/contract/dynamicsPayload';
import { makeCompare } from '../charts/fixtures/compare';
import { HSIC_EVALUATOR, KDE_EVALUATOR, makePayload } from '../charts/fixtures/payload';

const info = { title: 't', cellStatus: new Map<number, string>(), generatedAt: new Date(0) };

test('under each chart the report names what every evaluator measured; cell heads show their tags', () => {
  const payload = makePayload({ epochs: 1, layers: ['dense_1'], evaluators: [HSIC_EVALUATOR, KDE_EVALUATOR] });
  const notebook: Notebook = {
    metadata: {},
    cells: [{ kind: 'code', language: 'typescript', source: 'train()', metadata: { tags: ['injected-parameters'] }, outputs: [{ id: 'c', items: [{ mime: DYNAMICS_MIME, data: payload as never }] }] }],
  };
  const html = renderReport(notebook, info);
  assert.match(html, /<div class="cell-head">cell 1 · tags: injected-parameters<\/div>/);
  const measured = /<ul class="measured">(.*?)<\/ul>/.exec(html)?.[1] ?? '';
  assert.deepEqual(
    [...measured.matchAll(/<li>(.*?)<\/li>/g)].map((m) => m[1].replace(/ \(run .*$/, '')),
    ['Information plane of dense_1 (x = HSIC(H, X), y = HSIC(H, Y)): HSIC · gaussian kernel · σ = 5 · biased', 'Information plane of dense_1 (x = I(T; X), y = I(T; Y)): KDEMI · noiseVariance = 0.1'],
  );
});

test('a dynamics output that does not validate still makes a report (the chart script says why it cannot draw it)', () => {
  const notebook: Notebook = { metadata: {}, cells: [{ kind: 'code', language: 'typescript', source: 'x', outputs: [{ id: 'c', items: [{ mime: DYNAMICS_MIME, data: { version: 99 } }] }] }] };
  const html = renderReport(notebook, info);
  assert.match(html, /class="ibnb-charts"/);
  assert.doesNotMatch(html, /class="measured"/);
});

test('a compareRuns output is drawn in the report as a compare chart, with its runs and band in words under it', () => {
  const text = { mime: 'text/plain', data: 'Comparison of 3 runs' };
  const notebook: Notebook = {
    metadata: {},
    cells: [
      { kind: 'code', language: 'typescript', source: 'compareRuns(files)', outputs: [{ id: 'a', items: [text, { mime: COMPARE_MIME, data: makeCompare(3, 'none', { epochs: 2, layers: ['dense_1'] }) as never }] }] },
      { kind: 'code', language: 'typescript', source: "compareRuns(files, { aggregate: 'mean-sd' })", outputs: [{ id: 'b', items: [{ mime: COMPARE_MIME, data: makeCompare(3, 'mean-sd', { epochs: 2, layers: ['dense_1'] }) as never }] }] },
    ],
  };
  const html = renderReport(notebook, info);
  const calls = [...html.matchAll(/IbnbCharts\.render\("([\w-]+)", "application\/vnd\.ibnb\.compare\+json"\)/g)].map((m) => m[1]);
  assert.equal(calls.length, 2, 'both drawn as compare charts, not as text or JSON');
  for (const id of calls) assert.ok(html.includes(`<script type="application/json" id="${id}-data">{"version":1,"aggregate":`), `the data of ${id} ride along`);
  assert.doesNotMatch(html, /not drawn in the report|Comparison of 3 runs<\/pre>/);
  const measured = [...html.matchAll(/<ul class="measured">(.*?)<\/ul>/g)].map((m) => m[1]);
  assert.match(measured[0], /^<li>Information plane of dense_1 \(x = HSIC\(H, X\), y = HSIC\(H, Y\)\): HSIC · gaussian kernel · σ = 5 · biased · 3 runs, coloured by run: seed 1 \(run run-1, wasm, 2 epochs, done\); seed 2/);
  assert.match(measured[1], /mean ± 1 sd over 3 runs: seed 1/);
  assert.equal(html.match(/<script>[^]{100000,}?<\/script>/g)?.length, 1, 'the charts script is inlined once');
});

test('a compare output that does not validate still makes a report, without a caption', () => {
  const notebook: Notebook = { metadata: {}, cells: [{ kind: 'code', language: 'typescript', source: 'x', outputs: [{ id: 'c', items: [{ mime: COMPARE_MIME, data: { version: 99 } }] }] }] };
  const html = renderReport(notebook, info);
  assert.match(html, /IbnbCharts\.render\("[\w-]+", "application\/vnd\.ibnb\.compare\+json"\)/);
  assert.doesNotMatch(html, /class="measured"/);
});
