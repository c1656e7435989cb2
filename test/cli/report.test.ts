import assert from 'node:assert/strict';
import test from 'node:test';
import { renderReport } from '../../src/cli/report';
import type { Notebook } from '../../src/format/index';
import { DYNAMICS_MIME } from '../../src/contract/dynamicsPayload';
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
