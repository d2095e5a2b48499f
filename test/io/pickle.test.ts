// The one pickle reader (src/io/pickle.ts) in both its uses: data files through readPickle and the numpy hooks,
// torch checkpoints through loadTorchCheckpoint; fixtures and files written by Python, malformed input.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { type PyValue, readPickle } from '../../src/data/files.js';
import { loadTorchCheckpoint, type PickleTree, pyAttributes, PyGlobal, unpickle } from '../../src/io/index.js';
import { isNdArray, ndarrayToNumbers } from '../../src/io/numpy.js';
import { isTensor } from '../../src/tensor/tensor.js';
import { PY_MIXED_FIXTURES } from '../data/helpers.js';
import { pythonSkip, REPO_ROOT, runPythonJson } from '../helpers/python.js';

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
    const i8 = get('i8'),
      be = get('be'),
      f4 = get('f4');
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
  // The same reader under torch.load: the same errors, less the data files' refusal of other Python objects (a
  // global is only ever named, never looked up).
  assert.throws(() => unpickle(new Uint8Array(0)), /truncated: needs 1 more byte/);
  for (const [bytes, re] of bad.slice(1)) {
    if (/builtins/.test(re.source)) assert.ok(unpickle(Uint8Array.from(bytes)).value instanceof PyGlobal);
    else assert.throws(() => unpickle(Uint8Array.from(bytes)), re);
  }
  // Absurd nesting is an Error too (not a stack-overflow crash); deeply nested lists stay linear to build.
  const deep = Uint8Array.from([0x80, 2, 0x4e, ...new Array<number>(200000).fill(0x85), 0x2e]);
  assert.throws(() => readPickle(deep, 'deep.pkl'), /deep\.pkl: not a readable pickle/);
  assert.throws(() => readPickle(deep, 'deep.pkl'), /nest more than 100000 levels deep/);
  const lists = Uint8Array.from([0x80, 2, ...new Array<number>(50000).fill(0x5d), ...new Array<number>(49999).fill(0x61), 0x2e]);
  let depth = 0;
  for (let v = readPickle(lists, 'lists.pkl'); Array.isArray(v) && v.length > 0; v = v[0]!) depth++;
  assert.equal(depth, 49999);
});

interface Reference {
  protocols: number[];
  cifar: { filenames: string[]; batch_label: string; fine_labels: number[]; coarse_labels: number[]; data: string; shape: number[] };
  torch: { state_dict: Record<string, { dtype: string; shape: number[]; b64: string }>; metadata: Record<string, Record<string, number>> };
}

test('files Python writes (protocols 2, 4 and 5): CIFAR-100 style batches and torch checkpoints', { skip: pythonSkip() }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'tsnas-pickle-'));
  try {
    const ref = runPythonJson<Reference>(join(REPO_ROOT, 'test', 'io', 'pickle_reference.py'), [dir]);
    assert.deepEqual(ref.protocols, [2, 4, 5]);
    const batches = [...ref.protocols.map((p) => `cifar100_p${p}.pkl`), 'cifar100_bytes_keys.pkl'];
    for (const name of batches) {
      const v = readPickle(readFileSync(join(dir, name)), name);
      assert.ok(v instanceof Map, name);
      assert.deepEqual([...v.keys()], ['filenames', 'batch_label', 'fine_labels', 'coarse_labels', 'data'], name);
      const data = v.get('data');
      assert.ok(isNdArray(data), name);
      assert.deepEqual([data.dtype, data.shape, data.fortranOrder], ['u1', ref.cifar.shape, false], name);
      assert.ok(Buffer.from(data.data).equals(Buffer.from(ref.cifar.data, 'base64')), `${name}: pixels`);
      assert.deepEqual(v.get('filenames'), ref.cifar.filenames, name);
      assert.equal(v.get('batch_label'), ref.cifar.batch_label, name);
      assert.deepEqual(v.get('fine_labels'), ref.cifar.fine_labels, name);
      assert.deepEqual(v.get('coarse_labels'), ref.cifar.coarse_labels, name);
    }
    for (const p of ref.protocols) {
      const name = `torch_p${p}.pt`;
      const ck = loadTorchCheckpoint(join(dir, name));
      assert.ok(ck instanceof Map, name);
      const sd = ck.get('state_dict');
      assert.ok(sd instanceof Map, name);
      try {
        assert.deepEqual([...sd.keys()], Object.keys(ref.torch.state_dict), name);
        for (const [k, want] of Object.entries(ref.torch.state_dict)) {
          const t = sd.get(k);
          assert.ok(isTensor(t), `${name}: ${k}`);
          assert.deepEqual([t.dtype, [...t.shape]], [want.dtype, want.shape], `${name}: ${k}`);
          const d = t.data();
          assert.ok(Buffer.from(d.buffer, d.byteOffset, d.byteLength).equals(Buffer.from(want.b64, 'base64')), `${name}: ${k} values`);
        }
        const meta = (pyAttributes(sd) as Map<PickleTree, PickleTree>).get('_metadata') as Map<PickleTree, PickleTree>;
        for (const [module, attrs] of Object.entries(ref.torch.metadata))
          assert.deepEqual(meta.get(module), new Map(Object.entries(attrs)), `${name}: _metadata[${module}]`);
        assert.deepEqual(
          [ck.get('epoch'), ck.get('best_acc'), ck.get('acc32'), ck.get('steps'), ck.get('name'), ck.get('big')],
          [3, 97.5, 0.25, -7, 'dårts', 2n ** 70n],
          name,
        );
      } finally {
        for (const t of sd.values()) if (isTensor(t)) t.dispose();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
