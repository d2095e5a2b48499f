import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GenotypeParseError, formatNb201Arch, nb201EdgeOps, parseNb201Arch, validateNb201Arch } from '../../src/nas/genotype/index.js';

const BEST_C10 = '|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|';

test('NB201 arch strings parse per node and format back unchanged', () => {
  const arch = parseNb201Arch(`  ${BEST_C10}\n`);
  assert.deepEqual(arch.nodes, [
    [['nor_conv_3x3', 0]],
    [
      ['nor_conv_3x3', 0],
      ['nor_conv_3x3', 1],
    ],
    [
      ['skip_connect', 0],
      ['nor_conv_3x3', 1],
      ['nor_conv_1x1', 2],
    ],
  ]);
  assert.equal(formatNb201Arch(arch), BEST_C10);
  assert.equal(nb201EdgeOps(arch).length, 6);
  assert.deepEqual(validateNb201Arch(arch), []);
  const problems = validateNb201Arch({ kind: 'nb201', nodes: [[['conv', 1]]] });
  assert.equal(problems.length, 2);
  assert.match(problems[0]!, /^node 1: unknown op 'conv' \(did you mean 'nor_conv_1x1'/);
  assert.equal(problems[1], 'node 1: edge 0 comes from node 1, expected node 0');
});

test('NB201 parse errors point at the offending piece', () => {
  const cases: [string, RegExp, number][] = [
    [
      '|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x4~1|+|none~0|none~1|none~2|',
      /expected an NB201 op .* found 'nor_conv_3x4' \(did you mean 'nor_conv_3x3'/,
      34,
    ],
    ['|nor_conv_3x3~0|+|nor_conv_3x3~1|none~0|', /expected source 0: node 2 lists its inputs from nodes 0\.\.1 in order, found 1/, 32],
    ['|nor_conv_3x3~0|+|none~0|', /expected 2 edge\(s\) into node 2/, 18],
    ['|nor_conv_3x3~0|+none~0|none~1|', /expected node 2 written as '\|op~source\|\.\.\.\|'/, 18],
  ];
  for (const [text, message, column] of cases) {
    assert.throws(
      () => parseNb201Arch(text),
      (error: unknown) => {
        assert.ok(error instanceof GenotypeParseError);
        assert.match(error.message, message);
        assert.equal(error.column, column, text);
        assert.match(error.message, /\n {4}\| +\^+$/);
        return true;
      },
    );
  }
});
