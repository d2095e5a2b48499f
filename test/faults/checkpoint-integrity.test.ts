// Checkpoint integrity: a damaged file is refused with a message naming the file and what is wrong (CRC-32 of every zip
// record, truncated or damaged zip directories, damaged safetensors headers), and weights are refused by a network other
// than the one they were trained for (the genotype and settings tsnas saves in the archive as tsnas/meta.json).
// Python (Debian's PyTorch) checks independently that the damaged file is damaged and that the metadata record leaves the
// file a normal torch.save checkpoint.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  CheckpointError,
  detectCheckpointFormat,
  loadStateDict,
  loadTorchCheckpoint,
  type PickleTree,
  readTorchMetadata,
  saveSafetensors,
  saveTorchCheckpoint,
  saveTorchStateDict,
  TSNAS_METADATA_RECORD,
} from '../../src/io/index.js';
import { memory, type Tensor, randn } from '../../src/tensor/index.js';
import {
  buildEvalNetwork,
  checkNetworkMetadata,
  diffNetworkMetadata,
  type EvalNetworkOptions,
  evalArchToJson,
  networkMetadata,
  NETWORK_METADATA_FORMAT,
  resolveEvalArch,
} from '../../src/train/arch.js';
import { pythonSkip, runPythonJson } from '../helpers/python.js';
import { assertFails, assertSucceeds, assertUnchanged, snapshot, tinyData, tsnas, zipRecords } from './harness.js';

const skipPython = pythonSkip();
let dir = '';

/** The settings of a network for evalArgs' data (1 channel, 10 classes) with C=4, L=3. */
const tiny: EvalNetworkOptions = { family: 'cifar', channels: 4, layers: 3, numClasses: 10, auxiliary: false, inChannels: 1 };
// --synthetic-classes 10 (overriding tinyData's 4): the CLI's synthetic classes/size do not reach the dataset at the
// moment (SyntheticOptions calls them numClasses/height/width), so it makes 10 classes either way
const evalArgs = ['--init-channels', '4', '--layers', '3', '--batch-size', '16', ...tinyData, '--synthetic-classes', '10', '--synthetic-count', '32'];

/** The records of a stored zip, read independently of src/io/zip.ts (no zip64: test files are small). */
interface PythonView {
  load: { ok: boolean; error?: string; keys: string[]; sums: Record<string, number> };
  zip: { bad: string | null; meta: unknown; names: string[] };
}

/** What torch.load and zipfile make of each file (one Python start). */
function pythonCheck(files: string[]): Record<string, PythonView> {
  return runPythonJson<Record<string, PythonView>>('checkpoint_reference.py', ['check', TSNAS_METADATA_RECORD, ...files]);
}

/** Asserts that fn throws a CheckpointError whose message starts with `path` and matches `message`. */
function assertCheckpointError(fn: () => unknown, path: string, message: RegExp, what: string): void {
  assert.throws(fn, (e: Error) => {
    assert.ok(e instanceof CheckpointError, `${what}: expected a CheckpointError, got ${e.name}: ${e.message}`);
    assert.ok(e.message.startsWith(`${path}: `), `${what}: the message must start with the file: ${e.message}`);
    assert.match(e.message, message, what);
    return true;
  });
}

function disposeAll(sd: Map<string, Tensor>): void {
  for (const t of sd.values()) t.dispose();
}

/** DARTS_V2's network for tinyData, saved as a state_dict with its network metadata (what model.pt will carry). */
function saveTinyModel(path: string, metadata = true): void {
  const arch = resolveEvalArch('DARTS_V2');
  const net = buildEvalNetwork(arch.genotype, tiny);
  try {
    saveTorchStateDict(path, net.stateDict(), metadata ? { metadata: networkMetadata(arch.genotype, tiny, { arch: arch.name }) } : {});
  } finally {
    net.dispose();
  }
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'tsnas-ckpt-integrity-'));
  saveTinyModel(join(dir, 'model.pt'));
});
after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('zip records are CRC-checked', () => {
  let corrupt = '';
  let record = '';

  before(() => {
    const buf = readFileSync(join(dir, 'model.pt'));
    // the largest tensor record: one flipped bit in the middle of the weights
    const rec = [...zipRecords(buf).values()].filter((r) => /\/data\/\d+$/.test(r.name)).sort((a, b) => b.size - a.size)[0]!;
    record = rec.name;
    buf[rec.dataStart + (rec.size >> 1)] ^= 0x10;
    corrupt = join(dir, 'model-crc.pt');
    writeFileSync(corrupt, buf);
  });

  test('a flipped bit in a tensor record: the load fails naming the file, the record and both CRCs; nothing leaks', () => {
    const crcMessage = new RegExp(
      `the checkpoint is corrupt: record "${record.replace(/[/.]/g, '\\$&')}" fails its CRC-32 check ` +
        '\\(expected 0x[0-9a-f]{8}, computed 0x[0-9a-f]{8}\\)',
    );
    const tensorsBefore = memory().tensors;
    assertCheckpointError(() => loadStateDict(corrupt), corrupt, crcMessage, 'loadStateDict');
    assertCheckpointError(() => loadTorchCheckpoint(corrupt), corrupt, crcMessage, 'loadTorchCheckpoint');
    assert.equal(memory().tensors, tensorsBefore, 'the tensors made before the bad record were freed');
    // the intact file still loads
    disposeAll(loadStateDict(join(dir, 'model.pt')));
  });

  test('a damaged data.pkl is a CRC error too (not a confusing unpickling error)', () => {
    const buf = readFileSync(join(dir, 'model.pt'));
    const pkl = zipRecords(buf).get('archive/data.pkl')!;
    buf[pkl.dataStart + (pkl.size >> 1)] ^= 0x01;
    const p = join(dir, 'model-pkl.pt');
    writeFileSync(p, buf);
    assertCheckpointError(() => loadStateDict(p), p, /record "archive\/data\.pkl" fails its CRC-32 check/, 'data.pkl');
  });

  test('a CRC of 0 (torch.save under set_crc32_options(False) writes no CRCs) is not checked, as torch.load does', () => {
    const buf = readFileSync(join(dir, 'model.pt'));
    for (const r of zipRecords(buf).values()) buf.writeUInt32LE(0, r.central + 16);
    const p = join(dir, 'model-nocrc.pt');
    writeFileSync(p, buf);
    disposeAll(loadStateDict(p));
  });

  test('Python agrees: zipfile finds the same bad record; the intact file passes and loads', { skip: skipPython }, (t) => {
    const good = join(dir, 'model.pt');
    const r = pythonCheck([corrupt, good]);
    assert.equal(r[corrupt]!.zip.bad, record, 'zipfile.testzip() names the corrupted record');
    assert.equal(r[good]!.zip.bad, null);
    assert.ok(r[good]!.load.ok, r[good]!.load.error);
    // torch.load itself does not check CRCs (libtorch's reader; Debian's 1.13 loads the damaged file): informative only
    const l = r[corrupt]!.load;
    t.diagnostic(`torch.load of the damaged file: ${l.ok ? 'loaded (this PyTorch does not check CRCs)' : l.error}`);
  });

  test('tsnas eval of the damaged file exits 1 with the CRC message', () => {
    assertFails(
      tsnas(['eval', '--arch', 'DARTS_V2', '--checkpoint', corrupt, ...evalArgs]),
      /model-crc\.pt: the checkpoint is corrupt: record "archive\/data\/\d+" fails its CRC-32 check/,
    );
  });
});

test('truncated and damaged zip archives: a CheckpointError naming the file, never a RangeError', () => {
  const good = readFileSync(join(dir, 'model.pt'));
  const recs = zipRecords(good);
  // `directory`: the damage is in what every read needs (readTorchMetadata reads only the directory and its record)
  const cases: [string, Buffer, boolean][] = [];
  for (const len of [9, 64, 1000, good.byteLength >> 1, good.byteLength - 23, good.byteLength - 1]) {
    cases.push([`cut at ${len}`, good.subarray(0, len), true]);
  }
  const eocd = good.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const first = recs.get('archive/data.pkl')!.central;
  const edit = (what: string, f: (b: Buffer) => void, directory = true): void => {
    const b = Buffer.from(good);
    f(b);
    cases.push([what, b, directory]);
  };
  edit('extra length past the directory', (b) => b.writeUInt16LE(0xffff, first + 30));
  edit('name length past the directory', (b) => b.writeUInt16LE(0xfff0, first + 28));
  edit('directory offset past the end', (b) => b.writeUInt32LE(good.byteLength + 1000, eocd + 16));
  edit('directory offset inside the data', (b) => b.writeUInt32LE(100, eocd + 16));
  edit('more entries than the directory holds', (b) => b.writeUInt16LE(b.readUInt16LE(eocd + 10) + 3, eocd + 10));
  edit('zip64 marker without a zip64 record', (b) => b.writeUInt32LE(0xffffffff, eocd + 16));
  edit('local offset past the end', (b) => b.writeUInt32LE(good.byteLength + 5, first + 42), false);
  edit(
    'a record size off by one',
    (b) => {
      const r = [...recs.values()].find((x) => /\/data\/\d+$/.test(x.name))!;
      b.writeUInt32LE(r.size + 1, r.central + 20);
      b.writeUInt32LE(r.size + 1, r.central + 24);
    },
    false,
  );
  edit('a damaged local header', (b) => b.writeUInt32LE(0x12345678, b.readUInt32LE(first + 42)), false);
  for (const [what, bytes, directory] of cases) {
    const p = join(dir, `damaged-${what.replace(/\W+/g, '-')}.pt`);
    writeFileSync(p, bytes);
    assertCheckpointError(() => loadStateDict(p), p, /corrupt|truncated|damaged|not a torch checkpoint/, what);
    if (directory) assertCheckpointError(() => readTorchMetadata(p), p, /corrupt|truncated|damaged|not a torch checkpoint/, `${what} (metadata)`);
  }
});

test('safetensors: header past the end of the file, bad JSON, offsets past the data, unknown dtype', () => {
  const a = randn([4, 4]),
    b = randn([3]);
  const good = join(dir, 'w.safetensors');
  saveSafetensors(good, { a, b });
  a.dispose();
  b.dispose();
  const buf = readFileSync(good);
  const n = Number(buf.readBigUInt64LE(0));
  const header = buf.subarray(8, 8 + n).toString('utf8');
  const write = (name: string, bytes: Buffer): string => {
    const p = join(dir, name);
    writeFileSync(p, bytes);
    return p;
  };
  const withLength = (len: bigint): Buffer => {
    const c = Buffer.from(buf);
    c.writeBigUInt64LE(len, 0);
    return c;
  };
  const withHeader = (h: string): Buffer => {
    assert.equal(Buffer.byteLength(h), n);
    return Buffer.concat([buf.subarray(0, 8), Buffer.from(h, 'utf8'), buf.subarray(8 + n)]);
  };
  const cases: [string, string, RegExp][] = [
    [
      'cut inside the header',
      write('cut-header.safetensors', buf.subarray(0, 8 + n - 5)),
      new RegExp(`safetensors header length ${n} exceeds the file size ${8 + n - 5}: truncated file or corrupt header`),
    ],
    [
      'header length too long',
      write('long.safetensors', withLength(1_000_000n)),
      new RegExp(`safetensors header length 1000000 exceeds the file size ${buf.byteLength}: truncated file or corrupt header`),
    ],
    ['header length absurd', write('absurd.safetensors', withLength(1n << 40n)), /safetensors header too large: 1099511627776 bytes/],
    ['bad JSON', write('json.safetensors', withHeader(header.replace('":', '";'))), /safetensors header is not valid JSON/],
    ['data cut', write('cut-data.safetensors', buf.subarray(0, buf.byteLength - 4)), /data_offsets \[\d+, \d+\] are out of range/],
    ['unknown dtype', write('dtype.safetensors', withHeader(header.replace('"F32"', '"F99"'))), /dtype F99 is not supported/],
  ];
  for (const [what, p, message] of cases) {
    assert.equal(detectCheckpointFormat(p), 'safetensors', `${what}: still recognised as safetensors`);
    assertCheckpointError(() => loadStateDict(p), p, message, what);
  }
  disposeAll(loadStateDict(good));
});

describe('metadata in the checkpoint', () => {
  const meta = { format: 'test/1', text: 'é ✓', nested: { list: [1, 2.5, null, true], empty: {} } };
  let sdFile = '',
    ckFile = '',
    plain = '';
  let sd: Map<string, Tensor>;

  before(() => {
    sd = new Map([
      ['w', randn([3, 5])],
      ['b', randn([5])],
    ]);
    sdFile = join(dir, 'meta-sd.pt');
    ckFile = join(dir, 'meta-ck.pt');
    plain = join(dir, 'plain.pt');
    saveTorchStateDict(sdFile, sd, { metadata: meta });
    saveTorchCheckpoint(
      ckFile,
      new Map<PickleTree, PickleTree>([
        ['epoch', 3],
        ['state_dict', sd as Map<PickleTree, PickleTree>],
      ]),
      { metadata: meta },
    );
    saveTorchStateDict(plain, sd);
  });
  after(() => disposeAll(sd));

  test('round trip: readTorchMetadata gives the object back; files without metadata give undefined', () => {
    assert.deepEqual(readTorchMetadata(sdFile), meta);
    assert.deepEqual(readTorchMetadata(ckFile), meta);
    assert.equal(readTorchMetadata(plain), undefined);
    const back = loadStateDict(sdFile);
    assert.deepEqual([...back.keys()], ['w', 'b']);
    assert.ok(back.get('w')!.equal(sd.get('w')!));
    disposeAll(back);
    // safetensors carry it in __metadata__.tsnas
    const st = join(dir, 'meta.safetensors');
    saveSafetensors(st, sd, { tsnas: JSON.stringify(meta) });
    assert.deepEqual(readTorchMetadata(st), meta);
    // not JSON-able: refused before anything is written
    const bad = join(dir, 'bad-meta.pt');
    assertCheckpointError(() => saveTorchStateDict(bad, sd, { metadata: { n: 1n } }), bad, /metadata is not JSON-able/, 'bigint');
    assert.ok(!existsSync(bad), 'no file was written');
  });

  test('Python: torch.load reads both files, zipfile reads the metadata record, every CRC is right', { skip: skipPython }, () => {
    const r = pythonCheck([sdFile, ckFile]);
    for (const p of [sdFile, ckFile]) {
      const l = r[p]!.load;
      assert.ok(l.ok, l.error);
      assert.deepEqual(l.keys, ['w', 'b']);
      for (const [k, t] of sd)
        assert.ok(Math.abs(l.sums[k]! - Array.from(t.data() as Float32Array).reduce((x, y) => x + y, 0)) < 1e-4, `${p}: sum of ${k}`);
      const z = r[p]!.zip;
      assert.equal(z.bad, null);
      assert.deepEqual(z.meta, meta);
      assert.ok(z.names.includes(`archive/${TSNAS_METADATA_RECORD}`), z.names.join(', '));
    }
  });
});

test('checkNetworkMetadata lists every difference, checkpoint first; no metadata means no check', () => {
  const v2 = resolveEvalArch('DARTS_V2').genotype;
  const saved = networkMetadata(v2, tiny, { arch: 'DARTS_V2', info: { dataset: 'synthetic' } });
  assert.equal(saved.format, NETWORK_METADATA_FORMAT);
  assert.deepEqual(JSON.parse(JSON.stringify(saved)), saved, 'JSON-able');
  const rewired = evalArchToJson(v2) as { normal: [string, number][] };
  rewired.normal[2] = [rewired.normal[2]![0], 2];
  const asked = networkMetadata(
    resolveEvalArch(writeGenotype('lib-rewired.json', rewired)).genotype,
    { ...tiny, channels: 16 },
    { arch: 'lib-rewired.json' },
  );
  assert.deepEqual(diffNetworkMetadata(saved, asked), [
    'genotype DARTS_V2 vs lib-rewired.json: normal[2] ["sep_conv_3x3",0] vs ["sep_conv_3x3",2]',
    'init-channels 4 vs 16',
  ]);
  assert.throws(() => checkNetworkMetadata(saved, asked, { checkpoint: 'x.pt', against: '--arch', hint: 'pass --force' }), {
    message:
      'x.pt: the checkpoint was trained with another network than --arch (checkpoint vs given): genotype DARTS_V2 vs ' +
      'lib-rewired.json: normal[2] ["sep_conv_3x3",0] vs ["sep_conv_3x3",2]; init-channels 4 vs 16. pass --force',
  });
  checkNetworkMetadata(saved, networkMetadata(v2, tiny));
  checkNetworkMetadata(undefined, asked);
  checkNetworkMetadata({ format: 'someone-else/1' }, asked);
  assert.deepEqual(diffNetworkMetadata(saved, networkMetadata(v2, { ...tiny, auxiliary: true }), { ignore: ['auxiliary'] }), []);
});

function writeGenotype(name: string, json: unknown): string {
  const p = join(dir, name);
  writeFileSync(p, JSON.stringify(json));
  return p;
}

test('tsnas eval refuses weights trained for another genotype or settings, and loads the right ones', () => {
  const model = join(dir, 'model.pt');
  const rewired = evalArchToJson(resolveEvalArch('DARTS_V2').genotype) as { normal: [string, number][] };
  assert.deepEqual(rewired.normal[2], ['sep_conv_3x3', 0]);
  rewired.normal[2] = ['sep_conv_3x3', 2]; // node 3 reads node 2 instead of input 0: same shapes, another network
  const rewiredFile = writeGenotype('rewired.json', rewired);
  const files = snapshot(dir);

  const r = tsnas(['eval', '--arch', rewiredFile, '--checkpoint', model, ...evalArgs]);
  assertFails(r, /model\.pt: the checkpoint was trained with another network than --arch, --init-channels, --layers and the dataset give/);
  assert.match(r.stderr, /genotype DARTS_V2 vs \S*rewired\.json: normal\[2\] \["sep_conv_3x3",0\] vs \["sep_conv_3x3",2\]/);
  assert.match(r.stderr, /pass --ignore-metadata to evaluate anyway/);

  assertFails(tsnas(['eval', '--arch', 'DARTS_V2', '--checkpoint', model, ...evalArgs, '--init-channels', '6']), /init-channels 4 vs 6/);

  const ok = tsnas(['eval', '--arch', 'DARTS_V2', '--checkpoint', model, ...evalArgs, '--json']);
  assertSucceeds(ok);
  assert.equal((JSON.parse(ok.stdout) as { samples: number }).samples, 32);

  const forced = tsnas(['eval', '--arch', rewiredFile, '--checkpoint', model, ...evalArgs, '--ignore-metadata']);
  assertSucceeds(forced);
  assert.match(forced.stderr, /warning: .*model\.pt was trained with another network .*normal\[2\].*evaluating anyway \(--ignore-metadata\)/);

  // a checkpoint without metadata (PyTorch's own files) loads as before, whatever --arch says
  const plain = join(dir, 'model-plain.pt');
  saveTinyModel(plain, false);
  assertSucceeds(tsnas(['eval', '--arch', rewiredFile, '--checkpoint', plain, ...evalArgs]));
  assertUnchanged(dir, files);
});
