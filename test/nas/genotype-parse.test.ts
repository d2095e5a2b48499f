import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  DARTS_PRIMITIVES,
  GenotypeParseError,
  GenotypeValidationError,
  assertValidGenotype,
  formatGenotype,
  genotypesEqual,
  parseGenotype,
  parseGenotypeAuto,
  parseGenotypeJson,
  parseGenotypeRepr,
  parseGenotypeWithFormat,
  pythonFloat,
  validateGenotype,
  type AnyGenotype,
  type DcoGenotype,
  type Genotype,
} from '../../src/nas/genotype/index.js';

const DARTS_V2_REPR =
  "Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 1), ('skip_connect', 0), ('skip_connect', 0), ('dil_conv_3x3', 2)], normal_concat=[2, 3, 4, 5], reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 1), ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), ('max_pool_3x3', 1)], reduce_concat=[2, 3, 4, 5])";

const DARTS_V2: Genotype = {
  kind: 'darts',
  normal: [
    ['sep_conv_3x3', 0],
    ['sep_conv_3x3', 1],
    ['sep_conv_3x3', 0],
    ['sep_conv_3x3', 1],
    ['sep_conv_3x3', 1],
    ['skip_connect', 0],
    ['skip_connect', 0],
    ['dil_conv_3x3', 2],
  ],
  normalConcat: [2, 3, 4, 5],
  reduce: [
    ['max_pool_3x3', 0],
    ['max_pool_3x3', 1],
    ['skip_connect', 2],
    ['max_pool_3x3', 1],
    ['max_pool_3x3', 0],
    ['skip_connect', 2],
    ['skip_connect', 2],
    ['max_pool_3x3', 1],
  ],
  reduceConcat: [2, 3, 4, 5],
};

/** Runs `parse` expecting a GenotypeParseError and returns it. */
function parseError(parse: () => unknown): GenotypeParseError {
  try {
    parse();
  } catch (error) {
    assert.ok(error instanceof GenotypeParseError, `expected a GenotypeParseError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a parse error');
}

test('the flat DARTS repr parses to the expected genotype and formats back to the same text', () => {
  const parsed = parseGenotypeWithFormat(`DARTS_V2 = ${DARTS_V2_REPR}`);
  assert.equal(parsed.name, 'DARTS_V2');
  assert.equal(parsed.format, 'repr');
  assert.deepEqual(parsed.genotype, DARTS_V2);
  assert.equal(formatGenotype(parsed.genotype), DARTS_V2_REPR);
  assert.deepEqual(parseGenotype(DARTS_V2_REPR), DARTS_V2);
});

test('range(), double quotes, newlines, comments, trailing commas and positional arguments are accepted', () => {
  const text = `
    # hand-written, genotypes.py style
    Genotype(
      normal = [
        ("sep_conv_3x3", 0), ('sep_conv_3x3', 1),   # node 2
        ('sep_conv_3x3', 0), ('sep_conv_3x3', 1),
        ('sep_conv_3x3', 1), ('skip_connect', 0),
        ('skip_connect',0),  ('dil_conv_3x3', 2),
      ],
      normal_concat = range(2, 6),
      reduce = [('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 1),
                ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), ('max_pool_3x3', 1),],
      reduce_concat = list(range(2, 6)),
    )
  `;
  assert.deepEqual(parseGenotypeRepr(text), DARTS_V2);
  const positional = `Genotype([('sep_conv_3x3', 0), ('skip_connect', 1)], [2], reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1)], reduce_concat=range(2, 3))`;
  assert.deepEqual(parseGenotypeRepr(positional), {
    kind: 'darts',
    normal: [
      ['sep_conv_3x3', 0],
      ['skip_connect', 1],
    ],
    normalConcat: [2],
    reduce: [
      ['max_pool_3x3', 0],
      ['max_pool_3x3', 1],
    ],
    reduceConcat: [2],
  });
});

test('the pt.darts nested repr flattens node lists and formats back with range()', () => {
  const nested =
    "Genotype(normal=[[('sep_conv_3x3', 0), ('dil_conv_5x5', 1)], [('skip_connect', 0), ('dil_conv_3x3', 2)], [('sep_conv_3x3', 1), ('skip_connect', 0)], [('sep_conv_3x3', 1), ('skip_connect', 0)]], normal_concat=range(2, 6), reduce=[[('max_pool_3x3', 0), ('max_pool_3x3', 1)], [('max_pool_3x3', 0), ('skip_connect', 2)], [('skip_connect', 3), ('max_pool_3x3', 0)], [('skip_connect', 2), ('max_pool_3x3', 0)]], reduce_concat=range(2, 6))";
  const parsed = parseGenotypeWithFormat(nested);
  assert.equal(parsed.format, 'nested');
  assert.equal(parsed.genotype.kind, 'darts');
  assert.deepEqual(parsed.genotype.normal.slice(0, 4), [
    ['sep_conv_3x3', 0],
    ['dil_conv_5x5', 1],
    ['skip_connect', 0],
    ['dil_conv_3x3', 2],
  ]);
  assert.deepEqual(parsed.genotype.reduceConcat, [2, 3, 4, 5]);
  assert.equal(formatGenotype(parsed.genotype, 'nested'), nested);
  assert.deepEqual(parseGenotypeRepr(formatGenotype(parsed.genotype)), parsed.genotype);
});

test('DCO triples and reweight triples get their own kinds and round-trip through every format', () => {
  const dco = parseGenotypeAuto(
    "Genotype(normal=[('sep_conv_3x3', 2, 0), ('sep_conv_5x5', 2, 1), ('max_pool_3x3', 4, 0), ('sep_conv_3x3', 5, 0)], normal_concat=range(2, 6), reduce=[('max_pool_3x3', 2, 0), ('avg_pool_3x3', 2, 1)], reduce_concat=range(2, 6))",
  );
  assert.equal(dco.kind, 'dco');
  assert.deepEqual((dco as DcoGenotype).normal[2], ['max_pool_3x3', 4, 0]);

  const reweight = parseGenotypeAuto(
    "Genotype(normal=[('skip_connect', 0, 0.2386), ('sep_conv_3x3', 1, 1)], normal_concat=range(2, 3), reduce= [('avg_pool_3x3', 0, 1e-05), ('skip_connect', 1, 0.99)], reduce_concat=range(2, 3))",
  );
  assert.equal(reweight.kind, 'reweight');
  assert.equal(
    formatGenotype(reweight),
    "Genotype(normal=[('skip_connect', 0, 0.2386), ('sep_conv_3x3', 1, 1.0)], normal_concat=[2], reduce=[('avg_pool_3x3', 0, 1e-05), ('skip_connect', 1, 0.99)], reduce_concat=[2])",
  );

  for (const genotype of [DARTS_V2, dco, reweight] as AnyGenotype[]) {
    for (const format of ['repr', 'json'] as const) {
      const text = formatGenotype(genotype, format);
      assert.ok(genotypesEqual(parseGenotypeAuto(text), genotype), `${genotype.kind} via ${format}:\n${text}`);
    }
  }
  assert.throws(() => formatGenotype(dco, 'nested'), /two genes per node/);
  assert.throws(() => parseGenotype(formatGenotype(dco)), /expected a DARTS genotype/);
});

test('JSON uses camelCase keys and an explicit kind', () => {
  const json = formatGenotype(DARTS_V2, 'json');
  assert.match(json, /"kind": "darts"/);
  assert.match(json, /"normal": \[\["sep_conv_3x3", 0\], /);
  assert.match(json, /"normalConcat": \[2, 3, 4, 5\]/);
  assert.deepEqual(parseGenotypeJson(json), DARTS_V2);
  assert.equal(parseGenotypeWithFormat(json).format, 'json');

  const dco = parseGenotypeJson(
    '{"kind": "dco", "normal": [["skip_connect", 2, 0]], "normalConcat": [2], "reduce": [["skip_connect", 2, 1]], "reduceConcat": [2]}',
  );
  assert.equal(dco.kind, 'dco');
  assert.match(
    parseError(() =>
      parseGenotypeJson('{"kind": "darts", "normal": [["a", 2, 0]], "normalConcat": [2], "reduce": [["b", 2, 1]], "reduceConcat": [2]}'),
    ).message,
    /for kind 'darts'/,
  );
  assert.match(
    parseError(() => parseGenotypeJson('{"kind": "dart", "normal": [], "normalConcat": [], "reduce": [], "reduceConcat": []}')).message,
    /"kind" to be one of "darts", "dco", "reweight"/,
  );
  assert.match(parseError(() => parseGenotypeJson('{"normal_concat": [2]}')).message, /did you mean 'normalConcat'/);
});

test('a syntax error reports line:column, a caret under the token and what was expected', () => {
  const text = "Genotype(\n  normal=[('sep_conv_3x3', 0), ('sep_conv_3x3' 1)],\n)";
  const error = parseError(() => parseGenotypeRepr(text));
  assert.equal(error.line, 2);
  assert.equal(error.column, 48);
  assert.equal(
    error.message,
    [
      "genotype parse error at 2:48: expected ',' or ')', found number 1",
      "  2 |   normal=[('sep_conv_3x3', 0), ('sep_conv_3x3' 1)],",
      '    |                                                ^',
    ].join('\n'),
  );
  assert.match(parseError(() => parseGenotypeRepr("Genotype(normal=[('sep_conv_3x3, 0)])")).message, /1:19: unterminated string/);
  assert.match(parseError(() => parseGenotypeRepr('Genotype(normal=[')).message, /expected a value .* found end of input/);
  assert.match(
    parseError(() => parseGenotypeRepr('Genotype(normal=[], normal_concat=[2]) extra')).message,
    /expected end of input, found name 'extra'/,
  );
});

test('semantic errors point at the offending part of the gene', () => {
  const unknownOp = parseError(() => parseGenotypeRepr(DARTS_V2_REPR.replace("('dil_conv_3x3', 2)", "('dil_conv_3x4', 2)")));
  assert.match(unknownOp.message, /unknown op 'dil_conv_3x4' \(did you mean 'dil_conv_3x3'/);
  assert.match(unknownOp.message, /\n\s+\| .*\^{14}$/); // caret row under the 14-character string token
  assert.equal(unknownOp.column, DARTS_V2_REPR.indexOf("'dil_conv_3x3', 2)") + 1);

  const outOfRange = parseError(() => parseGenotypeRepr(DARTS_V2_REPR.replace("('dil_conv_3x3', 2)", "('dil_conv_3x3', 5)")));
  assert.match(outOfRange.message, /input 5 is out of range; gene 7 feeds node 5, which can only read nodes 0\.\.4/);
  assert.equal(outOfRange.column, DARTS_V2_REPR.indexOf("'dil_conv_3x3', 2)") + "'dil_conv_3x3', ".length + 1);

  const notAnIndex = parseError(() => parseGenotypeRepr(DARTS_V2_REPR.replace("('dil_conv_3x3', 2)", "('dil_conv_3x3', 2.0)")));
  assert.match(notAnIndex.message, /expected an integer input node index, found number 2\.0/);

  const odd = parseError(() =>
    parseGenotypeRepr(
      "Genotype(normal=[('skip_connect', 0)], normal_concat=[2], reduce=[('skip_connect', 0), ('skip_connect', 1)], reduce_concat=[2])",
    ),
  );
  assert.match(odd.message, /normal: has 1 genes; a DARTS cell needs exactly 2 per intermediate node/);

  const mixed = parseError(() =>
    parseGenotypeRepr(
      "Genotype(normal=[('skip_connect', 0), ('skip_connect', 1, 0)], normal_concat=[2], reduce=[('a', 0), ('b', 1)], reduce_concat=[2])",
    ),
  );
  assert.match(mixed.message, /expected a 2-item gene like the first gene of the genotype, found a 3-tuple/);

  assert.match(
    parseError(() => parseGenotypeRepr('Genotype(normal=[], reduce_concats=[2])')).message,
    /found keyword 'reduce_concats' \(did you mean 'reduce_concat'/,
  );
  assert.match(
    parseError(() => parseGenotypeRepr("Genotype(normal=[('a', 0)], normal_concat=[2], reduce=[('a', 0)])")).message,
    /expected a reduce_concat=\.\.\. argument before '\)'/,
  );
  assert.match(
    parseError(() => parseGenotypeRepr('Genotype_nested(genes=[], concat=range(2, 6), reductions=[])')).message,
    /read by parseGenotypeAuto/,
  );
  assert.match(
    parseError(() =>
      parseGenotypeRepr(
        "Genotype(normal=[[('a', 0)], [('b', 0), ('c', 1), ('d', 2)]], normal_concat=[2], reduce=[('a', 0), ('b', 1)], reduce_concat=[2])",
      ),
    ).message,
    /exactly 2 genes per node/,
  );
});

test('validation options: unknown ops can be allowed, the op set and step count restricted', () => {
  const text = DARTS_V2_REPR.replace("('dil_conv_3x3', 2)", "('my_op', 2)");
  assert.equal(parseGenotypeRepr(text, { validate: false }).normal[7]![0], 'my_op');
  assert.equal(parseGenotypeRepr(text, { ops: [...DARTS_PRIMITIVES, 'my_op'] }).normal[7]![0], 'my_op');
  assert.match(parseError(() => parseGenotypeRepr(DARTS_V2_REPR, { steps: 5 })).message, /5 intermediate nodes need 10/);
  assert.match(
    parseError(() => parseGenotypeRepr(DARTS_V2_REPR, { ops: ['sep_conv_3x3'] })).message,
    /unknown op 'sep_conv_3x3'|unknown op 'skip_connect'/,
  );
});

test('validateGenotype reports DCO edges the DCO cell would ignore, and hard errors', () => {
  const dco: DcoGenotype = {
    kind: 'dco',
    normal: [
      ['max_pool_3x3', 2, 0],
      ['skip_connect', 5, 3],
      ['sep_conv_3x3', 5, 0],
    ],
    normalConcat: [2, 3, 4, 5],
    reduce: [
      ['max_pool_3x3', 2, 0],
      ['skip_connect', 2, 2],
      ['avg_pool_3x3', 6, 0],
    ],
    reduceConcat: [2, 3, 3, 9],
  };
  const issues = validateGenotype(dco);
  const warnings = issues.filter((i) => i.severity === 'warning').map((i) => i.message);
  assert.deepEqual(warnings, [
    "normal: gene 1 ('skip_connect', 5, 3): node 3 has no value when node 5 is computed, so the DCO cell ignores this edge",
  ]);
  const errors = issues.filter((i) => i.severity === 'error').map((i) => i.message);
  assert.equal(errors.length, 4);
  assert.match(errors[0]!, /'from' node 2 must be an earlier node than 'to'/);
  assert.match(errors[1]!, /'to' node 6 is out of range; intermediate nodes are 2\.\.5/);
  assert.match(errors[2]!, /concat lists node 3 twice/);
  assert.match(errors[3]!, /concat entry 9 is not a node of this cell \(nodes are 0\.\.5\)/);
  assert.throws(() => assertValidGenotype(dco), GenotypeValidationError);

  const orphan: DcoGenotype = { ...dco, normal: [['skip_connect', 4, 3]], reduce: [['skip_connect', 2, 0]], reduceConcat: [2] };
  assert.match(validateGenotype(orphan).find((i) => i.severity === 'error')!.message, /node 4 only reads nodes that have no value/);
});

test('empty cells (early FairDARTS epochs) parse as DCO and fail validation with a clear message', () => {
  const text = 'Genotype(normal=[], normal_concat=range(2, 6), reduce=[], reduce_concat=range(2, 6))';
  const empty = parseGenotypeAuto(text, { validate: false });
  assert.deepEqual(empty, { kind: 'dco', normal: [], normalConcat: [2, 3, 4, 5], reduce: [], reduceConcat: [2, 3, 4, 5] });
  const error = parseError(() => parseGenotypeAuto(text));
  assert.match(error.message, /normal: has no edges; the DCO cell would have no output/);
  assert.equal(error.column, text.indexOf('[]') + 1);
});

test('Python float repr matches CPython for the values genotype weights use', () => {
  assert.equal(pythonFloat(0.9), '0.9');
  assert.equal(pythonFloat(1), '1.0');
  assert.equal(pythonFloat(0.0001), '0.0001');
  assert.equal(pythonFloat(0.00001), '1e-05');
  assert.equal(pythonFloat(1.5e-7), '1.5e-07');
  assert.equal(pythonFloat(1e16), '1e+16');
  assert.equal(pythonFloat(-2.5), '-2.5');
});
