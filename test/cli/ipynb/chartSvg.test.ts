import assert from 'node:assert/strict';
import test from 'node:test';
import { dynamicsPictures } from '../../../src/cli/ipynb/chartSvg';
import { HSIC_EVALUATOR, KDE_EVALUATOR, makePayload } from '../../charts/fixtures/payload';

test('a static SVG per evaluator, drawn headless by Vega, each titled with its own estimator', async () => {
  const payload = makePayload({ epochs: 3, batchesPerEpoch: 4, layers: ['dense_1', 'dense_2'], evaluators: [HSIC_EVALUATOR, KDE_EVALUATOR] });
  const pictures = await dynamicsPictures(payload);
  assert.equal(pictures.length, 2);
  for (const [index, picture] of pictures.entries()) {
    assert.equal(picture.evaluator, payload.evaluators[index]);
    assert.match(picture.svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]* width="\d+" height="\d+"/);
    assert.match(picture.svg, /<\/svg>$/);
    // Marks were drawn: a point per epoch per layer at least (paths of the symbol marks).
    assert.ok((picture.svg.match(/<path /g) ?? []).length >= 6, 'the points are drawn');
  }
  assert.ok(pictures[0].svg.includes('Information plane · HSIC · gaussian kernel · σ = 5 · biased'));
  assert.ok(pictures[1].svg.includes('Information plane · KDEMI · noiseVariance = 0.1'));
  assert.ok(!pictures[0].svg.includes('KDEMI · noiseVariance'), 'each picture shows its own evaluator');
  for (const layer of ['dense_1', 'dense_2']) assert.ok(pictures[0].svg.includes(`>${layer}<`), `facet ${layer}`);
});
