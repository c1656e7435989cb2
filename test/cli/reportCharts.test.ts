import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import test from 'node:test';
import { chartsScript, inlineJson, inlineScript, renderChartsHtml } from '../../src/cli/reportCharts';
import { makePayload } from '../charts/fixtures/payload';

const bundle = join(__dirname, '..', '..', 'dist', 'renderer', 'report-charts.js');

test('the report fragment inlines the data, escaped so payload text cannot close its script element', () => {
  const payload = makePayload({ epochs: 2, layers: ['</script><script>alert(1)</script>', '<!--'] });
  const html = renderChartsHtml(payload, { id: 'run1', includeScript: false });
  assert.match(html, /<div class="ibnb-charts" id="run1">/);
  assert.match(html, /<script type="application\/json" id="run1-data">/);
  assert.match(html, /<script>IbnbCharts\.render\("run1"\);<\/script>/);
  const data = html.slice(html.indexOf('id="run1-data">') + 'id="run1-data">'.length, html.indexOf('</script>', html.indexOf('id="run1-data">')));
  assert.deepEqual(JSON.parse(data), payload, 'the JSON block holds the whole payload');
  assert.doesNotMatch(data, /</);
  assert.equal(inlineJson({ s: '</script>\u2028' }), '{"s":"\\u003c/script>\\u2028"}');
});

test('ids are checked; default ids are unique and safe', () => {
  assert.throws(() => renderChartsHtml(makePayload(), { id: 'a" onload="x', includeScript: false }), /Chart element id/);
  const payload = { ...makePayload(), runId: 'run "1" <b>' };
  const a = renderChartsHtml(payload, { includeScript: false });
  const b = renderChartsHtml(payload, { includeScript: false });
  const id = (html: string) => /id="([^"]+)"/.exec(html)?.[1];
  assert.match(id(a) ?? '', /^ibnb-charts-run-1-[\w-]+$/);
  assert.notEqual(id(a), id(b));
});

test('inlined scripts cannot end their element early', () => {
  assert.equal(inlineScript('a="</script>";b=/<!--/'), 'a="<\\/script>";b=/<\\!--/');
});

test('chartsScript: the pre-built browser bundle (npm run build), inlined with the fragment', () => {
  assert.ok(existsSync(bundle), `${bundle} is missing: run \`npm run build\` first (npm test does).`);
  const script = chartsScript();
  assert.ok(script.length > 100_000);
  assert.match(script, /IbnbCharts/);
  assert.doesNotMatch(script, /<\/script/i);
  const html = renderChartsHtml(makePayload({ epochs: 1 }), { id: 'x1' });
  assert.ok(html.includes(script));
  assert.ok(html.indexOf(script) < html.indexOf('IbnbCharts.render("x1")'));
});
