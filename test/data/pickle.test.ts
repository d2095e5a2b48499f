import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { isNdArray, ndarrayToNumbers, type PyValue, readPickle } from '../../src/data/pickle.js';
import { PY_MIXED_FIXTURES } from './helpers.js';

test('pickles from Python, protocols 0 to 5: numbers, strings, bytes, tuples, OrderedDict, numpy arrays and scalars', () => {
  PY_MIXED_FIXTURES.forEach((b64, proto) => {
    const v = readPickle(gunzipSync(Buffer.from(b64, 'base64')), `protocol ${proto}`);
    assert.ok(v instanceof Map, `protocol ${proto}`);
    const get = (k: string): PyValue | undefined => v.get(k);
    assert.deepEqual(get('ints'), [0, -1, 255, 65536, -(2 ** 31), 2 ** 40, 2n ** 70n]);
    assert.equal(get('f'), 2.5);
    assert.equal(get('s'), 'héllo');
    assert.deepEqual(Array.from(get('b') as Uint8Array), [0, 255]);
    assert.deepEqual(get('t'), [1, null, true, false]);
    assert.deepEqual(get('od'), new Map([['k', 1]]));
    assert.equal(get('sc'), 7);
    const i8 = get('i8'), be = get('be'), f4 = get('f4');
    assert.ok(isNdArray(i8) && isNdArray(be) && isNdArray(f4));
    assert.deepEqual([i8.dtype, i8.shape], ['i8', [2, 2]]);
    assert.deepEqual(ndarrayToNumbers(i8, 'i8'), [1, -2, 3, 2 ** 40]);
    assert.deepEqual([be.byteOrder, ...ndarrayToNumbers(be, 'be')], ['>', 1, 2]);
    assert.deepEqual(ndarrayToNumbers(f4, 'f4'), [0.5, -1.25]);
  });
});

test('malformed or unsupported pickles are Errors naming the file, never crashes', () => {
  const bad: [number[], RegExp][] = [
    [[], /x\.pkl: not a readable pickle: truncated/],
    [[0x80, 9], /protocol 9 is newer than 5/],
    [[0x80, 2, 0x4a, 1, 2], /truncated: needs 4 more byte/],
    [[0x80, 2, 0x74, 0x2e], /no MARK before offset/],
    [[0x80, 2, 0x2e], /stack underflow/],
    [[0x80, 2, 0x68, 5, 0x2e], /memo key 5 used before it was set/],
    [[0x80, 2, 0xff], /unsupported or invalid opcode 0xff/],
    [[0x80, 2, 0x63, ...Buffer.from('builtins\neval\n'), 0x2e], /Python object of type builtins\.eval/],
    [[0x80, 2, 0x5d, 0x4b, 1, 0x4b, 2, 0x73, 0x2e], /SETITEM on something that is not a dict/],
  ];
  for (const [bytes, re] of bad) assert.throws(() => readPickle(Uint8Array.from(bytes), 'x.pkl'), re);
  // Absurd nesting is an Error too (not a stack-overflow crash); deeply nested lists stay linear to build.
  const deep = Uint8Array.from([0x80, 2, 0x4e, ...new Array<number>(200000).fill(0x85), 0x2e]);
  assert.throws(() => readPickle(deep, 'deep.pkl'), /deep\.pkl: not a readable pickle/);
  const lists = Uint8Array.from([0x80, 2, ...new Array<number>(50000).fill(0x5d), ...new Array<number>(49999).fill(0x61), 0x2e]);
  let depth = 0;
  for (let v = readPickle(lists, 'lists.pkl'); Array.isArray(v) && v.length > 0; v = v[0]!) depth++;
  assert.equal(depth, 49999);
});
