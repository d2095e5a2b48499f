// torch.save / torch.load interop against Python: files PyTorch writes (zip, legacy, PyTorch 0.3.1-style legacy)
// load bit-exactly; files tsnas writes load in Python (state dicts into a model with strict=True, optimizer
// state into an optimizer); every dtype both ways; storage sharing; errors that name the file; atomic writes.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  CheckpointError,
  detectCheckpointFormat,
  loadStateDict,
  loadTorchCheckpoint,
  orderedDict,
  type PickleTree,
  pyAttributes,
  pickle,
  PyFloat,
  PyGlobal,
  PyObject,
  saveTorchCheckpoint,
  saveTorchStateDict,
  unpickle,
} from '../../src/io/index.js';
import { type DType, memory, type Tensor, tensor, zeros } from '../../src/tensor/index.js';
import { isTensor } from '../../src/tensor/tensor.js';
import { pythonSkip, runPythonJson } from '../helpers/python.js';

interface TensorDesc {
  dtype: DType;
  shape: number[];
  stride: number[];
  offset: number;
  b64: string;
}
type TreeDesc =
  | null
  | boolean
  | number
  | string
  | TreeDesc[]
  | { $tensor: TensorDesc }
  | { $dict: [TreeDesc, TreeDesc][] }
  | { $bytes: string }
  | { $set: TreeDesc[] }
  | { $bigint: string };
interface Generated {
  state_dict: Record<string, TensorDesc>;
  state_dict03: Record<string, TensorDesc>;
  checkpoint: TreeDesc;
  dtypes: Record<string, TensorDesc>;
  torch: string;
}

const skip = pythonSkip();
let dir = '';
let gen: Generated;

function bytesOf(t: Tensor): Buffer {
  const d = t.data();
  return Buffer.from(d.buffer, d.byteOffset, d.byteLength);
}

function assertTensor(t: PickleTree | undefined, want: TensorDesc, what: string): void {
  assert.ok(isTensor(t), `${what}: expected a tensor`);
  assert.equal(t.dtype, want.dtype, `${what}: dtype`);
  assert.deepEqual([...t.shape], want.shape, `${what}: shape`);
  assert.ok(bytesOf(t).equals(Buffer.from(want.b64, 'base64')), `${what}: values differ`);
}

function assertTree(v: PickleTree | undefined, want: TreeDesc, path: string): void {
  if (want === null || typeof want !== 'object') {
    assert.equal(v, want, path);
    return;
  }
  if (Array.isArray(want)) {
    assert.ok(Array.isArray(v), `${path}: expected a list`);
    assert.equal(v.length, want.length, `${path}: length`);
    want.forEach((w, i) => assertTree(v[i], w, `${path}[${i}]`));
    return;
  }
  if ('$tensor' in want) {
    assertTensor(v, want.$tensor, path);
    return;
  }
  if ('$bytes' in want) {
    assert.ok(v instanceof Uint8Array);
    assert.deepEqual(Buffer.from(v), Buffer.from(want.$bytes, 'base64'), path);
    return;
  }
  if ('$bigint' in want) {
    assert.equal(v, BigInt(want.$bigint), path);
    return;
  }
  if ('$set' in want) {
    assert.ok(v instanceof Set, `${path}: expected a set`);
    assert.deepEqual([...v].sort(), want.$set, path);
    return;
  }
  assert.ok(v instanceof Map, `${path}: expected a dict`);
  assert.deepEqual(
    [...v.keys()],
    want.$dict.map(([k]) => k),
    `${path}: keys`,
  );
  for (const [k, w] of want.$dict) assertTree(v.get(k as PickleTree), w, `${path}[${JSON.stringify(k)}]`);
}

function disposeTree(v: PickleTree | undefined): void {
  if (isTensor(v)) v.dispose();
  else if (Array.isArray(v)) v.forEach(disposeTree);
  else if (v instanceof Map) v.forEach((x) => disposeTree(x));
}

/** The dtype test tensors of io_reference.py make_dtypes(), built on the TS side. */
function makeDtypes(): Map<string, Tensor> {
  const out = new Map<string, Tensor>();
  const base = Float64Array.from({ length: 24 }, (_, i) => ((i * 7) % 11) - 5);
  for (const d of ['float32', 'float64', 'float16', 'bfloat16', 'int64', 'int32', 'int16', 'int8', 'uint8', 'bool'] as const) {
    const v = d === 'uint8' ? base.map(Math.abs) : d === 'bool' ? base.map((x) => (x > 0 ? 1 : 0)) : base;
    out.set(d, tensor(v, { shape: [2, 3, 4], dtype: d }));
  }
  out.set('scalar', tensor(2.5, { dtype: 'float64' }));
  out.set('empty', zeros([0, 3]));
  return out;
}

describe('torch checkpoints (against PyTorch)', { skip }, () => {
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'tsnas-io-'));
    gen = runPythonJson<Generated>('io_reference.py', ['gen', dir]);
  });
  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('formats are detected from the first bytes', () => {
    assert.equal(detectCheckpointFormat(join(dir, 'conv_zip.pt')), 'zip');
    assert.equal(detectCheckpointFormat(join(dir, 'conv_legacy.pt')), 'legacy');
    assert.equal(detectCheckpointFormat(join(dir, 'py.safetensors')), 'safetensors');
  });

  for (const file of ['conv_zip.pt', 'conv_legacy.pt']) {
    test(`a Python state_dict (${file}) loads bit-exactly, with its _metadata`, () => {
      const before = memory().tensors;
      const sd = loadTorchCheckpoint(join(dir, file));
      assert.ok(sd instanceof Map);
      assert.deepEqual([...sd.keys()], Object.keys(gen.state_dict));
      for (const [k, want] of Object.entries(gen.state_dict)) assertTensor(sd.get(k), want, k);
      const meta = pyAttributes(sd);
      assert.ok(meta instanceof Map && meta.get('_metadata') instanceof Map, 'OrderedDict _metadata kept');
      const bn = (meta.get('_metadata') as Map<PickleTree, PickleTree>).get('bn1');
      assert.ok(bn instanceof Map);
      assert.equal(bn.get('version'), 2);
      disposeTree(sd);
      assert.equal(memory().tensors, before, 'no handle leaks (storages released)');
    });
  }

  test('a PyTorch 0.3.1-style legacy file (DARTS cifar10_model.pt layout: cuda storages, _rebuild_tensor, storage views) loads', () => {
    const sd = loadStateDict(join(dir, 'conv_legacy03.pt'));
    assert.deepEqual([...sd.keys()], Object.keys(gen.state_dict03));
    for (const [k, want] of Object.entries(gen.state_dict03)) assertTensor(sd.get(k), want, k);
    for (const t of sd.values()) assert.equal(t.device, 'cpu');
    sd.forEach((t) => t.dispose());
  });

  test('a training checkpoint loads as a tree: ints, floats, str, tuple, bytes, None, big ints, sets, optimizer state', () => {
    const ck = loadTorchCheckpoint(join(dir, 'ckpt.pth.tar'));
    assertTree(ck, gen.checkpoint, 'ckpt');
    assert.ok(ck instanceof Map);
    const opt = ck.get('optimizer') as Map<PickleTree, PickleTree>;
    const state = opt.get('state') as Map<PickleTree, PickleTree>;
    assert.deepEqual([...state.keys()], [0, 1, 2, 3, 4, 5, 6], 'int keys stay numbers');
    assert.ok(isTensor((state.get(0) as Map<PickleTree, PickleTree>).get('momentum_buffer')));
    disposeTree(ck);
  });

  test('loadStateDict: raw state dicts, {state_dict: ...}, a user key, and the DataParallel "module." prefix', () => {
    const a = loadStateDict(join(dir, 'ckpt.pth.tar'));
    assert.deepEqual([...a.keys()], Object.keys(gen.state_dict));
    const b = loadStateDict(join(dir, 'dp.pt'));
    assert.deepEqual([...b.keys()], Object.keys(gen.state_dict));
    for (const [k, want] of Object.entries(gen.state_dict)) assertTensor(b.get(k), want, k);
    const c = loadStateDict(join(dir, 'dp.pt'), { stripPrefix: false });
    assert.ok([...c.keys()].every((k) => k.startsWith('module.')));
    const d = loadStateDict(join(dir, 'ckpt.pth.tar'), { key: 'state_dict' });
    assert.equal(d.size, a.size);
    for (const m of [a, b, c, d]) m.forEach((t) => t.dispose());
  });

  test('loadStateDict errors name the file and say what was expected', () => {
    const ck = join(dir, 'ckpt.pth.tar');
    const before = memory().tensors;
    assert.throws(
      () => loadStateDict(ck, { key: 'model' }),
      (e: Error) => e instanceof CheckpointError && e.message.startsWith(ck) && /under key "model"/.test(e.message) && /"epoch"/.test(e.message),
    );
    assert.throws(() => loadStateDict(ck, { key: 'optimizer' }), /"optimizer" is a dict .* expected a dict of tensors/);
    assert.equal(memory().tensors, before, 'the tensors of a rejected checkpoint are freed');
    const list = join(dir, 'list.pt');
    saveTorchCheckpoint(list, [1, 2, 3]);
    assert.throws(() => loadStateDict(list), /list\.pt: expected a state_dict .* found a list of 3/);
  });

  test('our state_dict loads in Python (torch.load + load_state_dict(strict=True)), _metadata included', () => {
    const src = loadTorchCheckpoint(join(dir, 'conv_zip.pt'));
    assert.ok(src instanceof Map);
    const out = join(dir, 'ts_sd.pt');
    saveTorchStateDict(out, src as Map<string, Tensor>);
    const r = runPythonJson<{ diffs: string[]; type: string; missing: string[]; unexpected: string[]; metadata: boolean }>('io_reference.py', [
      'check-sd',
      out,
      join(dir, 'conv_zip.pt'),
    ]);
    assert.deepEqual(r, { diffs: [], type: 'OrderedDict', missing: [], unexpected: [], metadata: true });
    // a state dict made here (no _metadata), from the legacy file
    const sd = loadStateDict(join(dir, 'conv_legacy.pt'));
    const out2 = join(dir, 'ts_sd2.pt');
    saveTorchStateDict(out2, Object.fromEntries(sd));
    const r2 = runPythonJson<{ diffs: string[]; missing: string[] }>('io_reference.py', ['check-sd', out2, join(dir, 'conv_zip.pt')]);
    assert.deepEqual(r2.diffs, []);
    assert.deepEqual(r2.missing, []);
    disposeTree(src);
    sd.forEach((t) => t.dispose());
  });

  test('a whole checkpoint round-trips through Python (optimizer.load_state_dict accepts it)', () => {
    const ck = loadTorchCheckpoint(join(dir, 'ckpt.pth.tar'));
    assert.ok(ck instanceof Map);
    ck.set('genotype_float', new PyFloat(1)); // integral floats must be marked to stay floats
    const out = join(dir, 'ts_ckpt.pth.tar');
    saveTorchCheckpoint(out, ck);
    const r = runPythonJson<{ diffs: string[]; keys: string[] }>('io_reference.py', ['check-ckpt', out, join(dir, 'ckpt.pth.tar')]);
    assert.deepEqual(r.diffs, []);
    disposeTree(ck);
  });

  test('plain objects, Maps and orderedDict() write as dicts; PyGlobal / PyObject round-trip', () => {
    const out = join(dir, 'misc.pt');
    const x = tensor([1, 2, 3]);
    saveTorchCheckpoint(out, {
      a: x,
      m: new Map<PickleTree, PickleTree>([[1, 'one']]),
      o: orderedDict([['k', 2]]),
      g: new PyGlobal('torch', 'float32'),
      obj: new PyObject(new PyGlobal('collections', 'OrderedDict'), []),
    });
    const back = loadTorchCheckpoint(out);
    assert.ok(back instanceof Map);
    assert.deepEqual((back.get('a') as Tensor).toArray(), [1, 2, 3]);
    assert.equal((back.get('m') as Map<PickleTree, PickleTree>).get(1), 'one');
    assert.ok(back.get('g') instanceof PyGlobal);
    disposeTree(back);
    x.dispose();
  });

  for (const file of ['dtypes_zip.pt', 'dtypes_legacy.pt']) {
    test(`every dtype loads from Python (${file})`, () => {
      const t = loadTorchCheckpoint(join(dir, file));
      assert.ok(t instanceof Map);
      for (const [k, want] of Object.entries(gen.dtypes)) assertTensor(t.get(k), want, k);
      disposeTree(t);
    });
  }

  for (const zip64 of [false, true]) {
    test(`every dtype we write loads in Python${zip64 ? ' (zip64 records)' : ''}, and back here`, () => {
      const m = makeDtypes();
      for (const [k, want] of Object.entries(gen.dtypes)) assertTensor(m.get(k), want, `ts ${k}`);
      const out = join(dir, `ts_dtypes${zip64 ? '64' : ''}.pt`);
      saveTorchStateDict(out, m, { forceZip64: zip64 });
      const r = runPythonJson<{ diffs: string[]; keys: string[] }>('io_reference.py', ['check-dtypes', out]);
      assert.deepEqual(r.diffs, []);
      const back = loadTorchCheckpoint(out);
      assert.ok(back instanceof Map);
      for (const [k, want] of Object.entries(gen.dtypes)) assertTensor(back.get(k), want, `back ${k}`);
      disposeTree(back);
      m.forEach((t) => t.dispose());
    });
  }

  test('storage sharing survives loading and saving (views, transposes, offsets)', () => {
    const t = loadTorchCheckpoint(join(dir, 'shared.pt'));
    assert.ok(t instanceof Map);
    const [a, b, c] = ['a', 'b', 'c'].map((k) => t.get(k) as Tensor) as [Tensor, Tensor, Tensor];
    assert.deepEqual(b.stride(), [4, 1]);
    assert.deepEqual(c.stride(), [1, 4]);
    assert.deepEqual(b.toArray(), [
      [4, 5, 6, 7],
      [8, 9, 10, 11],
    ]);
    a.add_(100);
    assert.equal((b.toArray() as number[][])[0]![0], 104, 'b is a view of a');
    assert.equal((c.toArray() as number[][])[0]![1], 104, 'c is a view of a');
    const out = join(dir, 'ts_shared.pt');
    saveTorchCheckpoint(out, t);
    const r = runPythonJson<{
      shared_ab: boolean;
      shared_ac: boolean;
      b: { offset: number; stride: number[]; values: number[][] };
      c: { stride: number[] };
    }>('io_reference.py', ['check-shared', out]);
    assert.equal(r.shared_ab, true);
    assert.equal(r.shared_ac, true);
    assert.equal(r.b.offset, 4);
    assert.deepEqual(r.c.stride, [1, 4]);
    assert.deepEqual(r.b.values, [
      [104, 105, 106, 107],
      [108, 109, 110, 111],
    ]);
    disposeTree(t);
  });

  test('damaged files: errors name the file and the problem', () => {
    const zipBytes = readFileSync(join(dir, 'conv_zip.pt'));
    const cut = join(dir, 'cut_zip.pt');
    writeFileSync(cut, zipBytes.subarray(0, zipBytes.byteLength - 300));
    assert.throws(
      () => loadTorchCheckpoint(cut),
      (e: Error) => e instanceof CheckpointError && e.message.startsWith(cut) && /zip|truncated/.test(e.message),
    );
    const legacy = readFileSync(join(dir, 'conv_legacy.pt'));
    const cutL = join(dir, 'cut_legacy.pt');
    writeFileSync(cutL, legacy.subarray(0, legacy.byteLength - 40));
    assert.throws(
      () => loadTorchCheckpoint(cutL),
      (e: Error) => e.message.startsWith(cutL) && /truncated/.test(e.message),
    );
    const cutP = join(dir, 'cut_pickle.pt');
    writeFileSync(cutP, legacy.subarray(0, 200));
    assert.throws(
      () => loadTorchCheckpoint(cutP),
      (e: Error) => e.message.startsWith(cutP) && /truncated/.test(e.message),
    );
    const junk = join(dir, 'junk.pt');
    writeFileSync(junk, 'hello, this is not a checkpoint');
    assert.throws(() => loadTorchCheckpoint(junk), /junk\.pt: not a torch checkpoint/);
    assert.throws(() => loadTorchCheckpoint(join(dir, 'missing.pt')), /missing\.pt: no such file/);
    assert.throws(() => loadTorchCheckpoint(join(dir, 'py.safetensors')), /safetensors file, not a torch\.save checkpoint/);
  });

  test('the pickle reader handles protocols 0-5 (text opcodes, memo, frames, big ints, sets, numpy scalars)', () => {
    const r = runPythonJson<{ tree: TreeDesc; pickles: Record<string, string>; numpy?: string }>('io_reference.py', ['pickles']);
    for (const [proto, b64] of Object.entries(r.pickles)) {
      const { value, end } = unpickle(Buffer.from(b64, 'base64'));
      assert.equal(end, Buffer.from(b64, 'base64').byteLength, `protocol ${proto}: read to STOP`);
      assertTree(value as PickleTree, r.tree, `protocol ${proto}`);
      const shared = (value as Map<PickleTree, PickleTree>).get('shared') as PickleTree[];
      assert.equal(shared[0], shared[1], `protocol ${proto}: memoised objects stay shared`);
      // and what we write reads back the same
      assertTree(unpickle(pickle(value as PickleTree)).value as PickleTree, r.tree, `protocol ${proto} rewritten`);
    }
    if (r.numpy) {
      const np = unpickle(Buffer.from(r.numpy, 'base64')).value as Map<PickleTree, PickleTree>;
      assert.deepEqual(
        [...np.entries()],
        [
          ['acc', 97.5],
          ['n', -7],
          ['f32', 0.25],
          ['ok', true],
        ],
      );
    }
  });
});

describe('torch checkpoints (tsnas only, no Python needed)', () => {
  let own = '';
  before(() => {
    own = mkdtempSync(join(tmpdir(), 'tsnas-io-own-'));
  });
  after(() => {
    if (own) rmSync(own, { recursive: true, force: true });
  });

  test('every dtype, views and a nested tree round-trip through our own writer and reader', () => {
    const before = memory().tensors;
    const m = makeDtypes();
    const base = tensor(
      Float32Array.from({ length: 12 }, (_, i) => i),
      { shape: [3, 4] },
    );
    const tree: PickleTree = {
      sd: m,
      view: base.narrow(0, 1, 2),
      t: base.t(),
      epoch: 4,
      lr: new PyFloat(1),
      list: [1, 'two', null, [true]],
      big: 2n ** 70n,
    };
    const out = join(own, 'tree.pt');
    saveTorchCheckpoint(out, tree);
    const back = loadTorchCheckpoint(out);
    assert.ok(back instanceof Map);
    const sd = back.get('sd') as Map<PickleTree, PickleTree>;
    for (const [k, t] of m) {
      const u = sd.get(k) as Tensor;
      assert.equal(u.dtype, t.dtype, k);
      assert.deepEqual(u.shape, t.shape, k);
      assert.ok(bytesOf(u).equals(bytesOf(t)), k);
    }
    assert.deepEqual((back.get('view') as Tensor).toArray(), [
      [4, 5, 6, 7],
      [8, 9, 10, 11],
    ]);
    assert.deepEqual((back.get('t') as Tensor).stride(), [1, 4]);
    assert.equal(back.get('epoch'), 4);
    assert.equal(back.get('lr'), 1);
    assert.deepEqual(back.get('list'), [1, 'two', null, [true]]);
    assert.equal(back.get('big'), 2n ** 70n);
    disposeTree(back);
    disposeTree(tree.view as Tensor);
    disposeTree(tree.t as Tensor);
    base.dispose();
    m.forEach((t) => t.dispose());
    assert.equal(memory().tensors, before);
  });

  test('a non-checkpoint is refused with the file name', () => {
    const junk = join(own, 'junk.bin');
    writeFileSync(junk, Buffer.from('\x80\x02K\x05.', 'latin1'));
    assert.throws(() => loadTorchCheckpoint(junk), /junk\.bin: not a torch checkpoint: a pickle, but not one torch\.save wrote/);
  });

  test('writes are atomic: a failed save leaves the previous file and no temp file', () => {
    const out = join(own, 'atomic.pt');
    saveTorchStateDict(out, { w: tensor([1, 2]) });
    const before = readFileSync(out);
    const bad = { ok: 1, bad: new Date() as unknown as PickleTree };
    assert.throws(
      () => saveTorchCheckpoint(out, bad),
      (e: Error) => e.message.startsWith(out) && /cannot pickle a Date/.test(e.message),
    );
    assert.ok(readFileSync(out).equals(before), 'previous file intact');
    assert.deepEqual(
      readdirSync(own).filter((f) => f.endsWith('.tmp')),
      [],
    );
    assert.throws(() => saveTorchStateDict(join(own, 'no', 'such', 'dir.pt'), {}), /dir\.pt: cannot write/);
    assert.ok(!existsSync(join(own, 'no')));
  });
});
