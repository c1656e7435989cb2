/** How "IB: Open Example…" names the examples it lists. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exampleTitle } from '../../src/extension/examples';

describe('example titles', () => {
  it('uses the first heading of the first markdown cell', () => {
    const text = JSON.stringify({ format: 'ibnb', version: 1, cells: [{ kind: 'markdown', source: 'intro\n## Analysing training dynamics\n' }, { kind: 'markdown', source: '# later' }] });
    assert.equal(exampleTitle(text, 'hsic.ibnb'), 'Analysing training dynamics');
  });

  it('falls back to the file name', () => {
    assert.equal(exampleTitle('{"format": "ibnb", "version": 1, "cells": []}', 'custom-criterion.ibnb'), 'custom criterion');
    assert.equal(exampleTitle('not json', 'broken_one.ibnb'), 'broken one');
  });
});
