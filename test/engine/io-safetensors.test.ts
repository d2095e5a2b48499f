// safetensors: round trips for every dtype, the header layout, validation errors naming the file, and interop
// with a Python-side stdlib-only implementation of the format (test/reference/io_reference.py).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CheckpointError, loadSafetensors, loadSafetensorsFile, loadStateDict, readSafetensorsHeader, saveSafetensors } from '../../src/io/index.js';
import { type DType, memory, randn, type Tensor, tensor, zeros } from '../../src/tensor/index.js';
import { pythonSkip, runPython, runPythonJson } from '../helpers/python.js';

const DTYPES: DType[] = ['float32', 'float64', 'float16', 'bfloat16', 'int64', 'int32', 'int16', 'int8', 'uint8', 'bool'];
let dir = '';

function makeDtypes(): Map<string, Tensor> {
  const out = new Map<string, Tensor>();
  const base = Float64Array.from({ length: 24 }, (_, i) => ((i * 7) % 11) - 5);
  for (const d of DTYPES) {
    const v = d === 'uint8' ? base.map(Math.abs) : d === 'bool' ? base.map((x) => (x > 0 ? 1 : 0)) : base;
    out.set(d, tensor(v, { shape: [2, 3, 4], dtype: d }));
  }
  out.set('scalar', tensor(2.5, { dtype: 'float64' }));
  out.set('empty', zeros([0, 3]));
  return out;
}

function bytesOf(t: Tensor): Buffer {
  const d = t.data();
  return Buffer.from(d.buffer, d.byteOffset, d.byteLength);
}

function sameTensors(a: Map<string, Tensor>, b: Map<string, Tensor>): void {
  assert.deepEqual([...a.keys()].sort(), [...b.keys()].sort());
  for (const [k, t] of a) {
    const u = b.get(k)!;
    assert.equal(u.dtype, t.dtype, `${k}: dtype`);
    assert.deepEqual(u.shape, t.shape, `${k}: shape`);
    assert.ok(bytesOf(u).equals(bytesOf(t)), `${k}: values`);
  }
}

/** A safetensors file from a raw header object and data bytes. */
function rawFile(name: string, header: unknown, data: Buffer, lengthOverride?: bigint): string {
  const json = Buffer.from(JSON.stringify(header));
  const size = Buffer.alloc(8);
  size.writeBigUInt64LE(lengthOverride ?? BigInt(json.byteLength));
  const p = join(dir, name);
  writeFileSync(p, Buffer.concat([size, json, data]));
  return p;
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'tsnas-st-'));
});
after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('every dtype round-trips with metadata; header is 8-byte aligned JSON', () => {
  const m = makeDtypes();
  const p = join(dir, 'all.safetensors');
  saveSafetensors(p, m, { format: 'pt', note: 'tsnas' });
  const buf = readFileSync(p);
  const n = Number(buf.readBigUInt64LE(0));
  assert.equal((8 + n) % 8, 0, 'data start aligned');
  assert.equal(buf[8], 0x7b);
  const h = readSafetensorsHeader(p);
  assert.deepEqual(h.metadata, { format: 'pt', note: 'tsnas' });
  assert.deepEqual(h.tensors.get('bfloat16'), { dtype: 'bfloat16', shape: [2, 3, 4], dataOffsets: h.tensors.get('bfloat16')!.dataOffsets });
  for (const e of h.tensors.values()) {
    const size = { float64: 8, int64: 8, float32: 4, int32: 4, float16: 2, bfloat16: 2, int16: 2 }[e.dtype as string] ?? 1;
    assert.equal(e.dataOffsets[0] % size, 0, 'each tensor aligned to its element size');
  }
  const { tensors, metadata } = loadSafetensorsFile(p);
  assert.deepEqual(metadata, { format: 'pt', note: 'tsnas' });
  sameTensors(m, tensors);
  const some = loadSafetensors(p, { names: ['int8', 'scalar'] });
  assert.deepEqual([...some.keys()].sort(), ['int8', 'scalar']);
  assert.equal(some.get('scalar')!.item(), 2.5);
  const sd = loadStateDict(p);
  assert.equal(sd.size, m.size);
  for (const x of [m, tensors, some, sd]) x.forEach((t) => t.dispose());
});

test('non-contiguous tensors are written in row-major order; a Record works too', () => {
  const a = randn([3, 5]);
  const at = a.t();
  const p = join(dir, 'nc.safetensors');
  saveSafetensors(p, { at, a });
  const back = loadSafetensors(p);
  assert.deepEqual(back.get('at')!.toArray(), at.toArray());
  assert.deepEqual(back.get('at')!.stride(), [3, 1]);
  assert.ok(back.get('a')!.equal(a));
  back.forEach((t) => t.dispose());
  a.dispose();
  at.dispose();
});

test('validation: every broken file is an error that names the file', () => {
  const f32 = Buffer.alloc(16);
  const cases: [string, () => string, RegExp][] = [
    [
      'too short',
      () => {
        const p = join(dir, 'short.safetensors');
        writeFileSync(p, Buffer.from([1, 2, 3]));
        return p;
      },
      /truncated file/,
    ],
    ['header too large', () => rawFile('huge.safetensors', {}, Buffer.alloc(0), 1n << 40n), /header too large/],
    [
      'header past the end',
      () => rawFile('past.safetensors', { a: { dtype: 'F32', shape: [4], data_offsets: [0, 16] } }, Buffer.alloc(0), 5000n),
      /truncated file/,
    ],
    ['truncated data', () => rawFile('cut.safetensors', { a: { dtype: 'F32', shape: [4], data_offsets: [0, 16] } }, Buffer.alloc(8)), /out of range/],
    ['offsets out of range', () => rawFile('oor.safetensors', { a: { dtype: 'F32', shape: [4], data_offsets: [8, 24] } }, f32), /out of range/],
    [
      'overlap',
      () =>
        rawFile(
          'overlap.safetensors',
          {
            a: { dtype: 'F32', shape: [4], data_offsets: [0, 16] },
            b: { dtype: 'F32', shape: [2], data_offsets: [8, 16] },
          },
          f32,
        ),
      /overlap/,
    ],
    ['gap', () => rawFile('gap.safetensors', { a: { dtype: 'F32', shape: [2], data_offsets: [8, 16] } }, f32), /gap/],
    ['size mismatch', () => rawFile('size.safetensors', { a: { dtype: 'F32', shape: [3], data_offsets: [0, 16] } }, f32), /needs 12 bytes/],
    ['end before begin', () => rawFile('rev.safetensors', { a: { dtype: 'F32', shape: [0], data_offsets: [16, 0] } }, f32), /end before/],
    [
      'bad dtype',
      () => rawFile('dt.safetensors', { a: { dtype: 'F8_E4M3', shape: [16], data_offsets: [0, 16] } }, f32),
      /dtype F8_E4M3 is not supported/,
    ],
    ['bad metadata', () => rawFile('meta.safetensors', { __metadata__: { n: 1 } }, Buffer.alloc(0)), /must be a string/],
    [
      'not JSON',
      () => {
        const p = join(dir, 'nojson.safetensors');
        const b = Buffer.alloc(16, 0x7b);
        b.writeBigUInt64LE(8n);
        writeFileSync(p, b);
        return p;
      },
      /not valid JSON/,
    ],
    ['missing file', () => join(dir, 'nope.safetensors'), /no such file/],
  ];
  const before = memory().tensors;
  for (const [what, make, re] of cases) {
    const p = make();
    assert.throws(
      () => loadSafetensors(p),
      (e: Error) => {
        assert.ok(e instanceof CheckpointError, `${what}: a CheckpointError`);
        assert.ok(e.message.startsWith(p), `${what}: names the file: ${e.message}`);
        assert.match(e.message, re, what);
        return true;
      },
    );
  }
  assert.equal(memory().tensors, before);
  const t = zeros([2]);
  assert.throws(() => saveSafetensors(join(dir, 'x.safetensors'), { __metadata__: t }), /cannot be named "__metadata__"/);
  t.dispose();
});

describe('safetensors against a Python implementation of the format', { skip: pythonSkip() }, () => {
  test('Python writes, we read', () => {
    runPython('io_reference.py', ['gen', dir]);
    const { tensors, metadata } = loadSafetensorsFile(join(dir, 'py.safetensors'));
    assert.deepEqual(metadata, { format: 'pt', source: 'io_reference.py' });
    const want = makeDtypes();
    sameTensors(want, tensors);
    want.forEach((t) => t.dispose());
    tensors.forEach((t) => t.dispose());
  });

  test('we write, Python reads', () => {
    const m = makeDtypes();
    const p = join(dir, 'ts.safetensors');
    saveSafetensors(p, m, { format: 'pt' });
    const r = runPythonJson<{ diffs: string[]; metadata: Record<string, string>; aligned: boolean; names: string[] }>('io_reference.py', [
      'st-check',
      p,
    ]);
    assert.deepEqual(r.diffs, []);
    assert.deepEqual(r.metadata, { format: 'pt' });
    assert.equal(r.aligned, true);
    assert.deepEqual(r.names, [...m.keys()].sort());
    m.forEach((t) => t.dispose());
  });
});
