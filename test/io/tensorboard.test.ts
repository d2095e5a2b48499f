// TensorBoard event files: CRC-32C against the published check values, and the event files of a real tiny search and
// training run read back by an independent reader, Python's protobuf with TensorFlow's message definitions
// (test/reference/tensorboard_events.py, every record's masked CRC-32C checked there bit by bit), compared with what
// the same runs wrote to metrics.jsonl and genotypes/*.weights.json.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { crc32c, readTfRecords, SummaryWriter } from '../../src/io/index.js';
import { syntheticData, tsnasOk } from '../helpers/cli.js';
import { runPythonJson, torchPython } from '../helpers/python.js';

interface PyValue {
  tag: string;
  simple_value?: number;
  histo?: { num: number; bucket: number[]; min: number; max: number };
  image?: { width: number; height: number; png_width: number; png_height: number };
  text?: string[];
  plugin?: string;
}
interface PyEvent {
  step: number;
  file_version?: string;
  values?: PyValue[];
}

const protobufSkip = ((): string | false => {
  const r = spawnSync(torchPython(), ['-c', 'import google.protobuf'], { encoding: 'utf8' });
  return r.status === 0 ? false : `Python's protobuf is not importable by ${torchPython()} (install python3-protobuf)`;
})();

describe('CRC-32C and TFRecord framing', () => {
  it('matches the published check values (RFC 3720 B.4, the CRC catalogue)', () => {
    assert.equal(crc32c(Buffer.from('123456789')), 0xe3069283);
    assert.equal(crc32c(Buffer.alloc(32, 0)), 0x8a9136aa);
    assert.equal(crc32c(Buffer.alloc(32, 0xff)), 0x62a8ab43);
    assert.equal(crc32c(Buffer.from(Array.from({ length: 32 }, (_, i) => i))), 0x46dd794e);
  });

  it('a damaged or cut record is refused by name', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsnas-tb-'));
    try {
      const w = new SummaryWriter(dir);
      w.addScalar('x', 1, 1);
      w.close();
      const bytes = readFileSync(w.path);
      assert.equal(readTfRecords(bytes).length, 2);
      const flipped = Buffer.from(bytes);
      flipped[flipped.length - 6]! ^= 1;
      assert.throws(() => readTfRecords(flipped, 'f'), /f: record 1 has a bad data CRC/);
      assert.throws(() => readTfRecords(bytes.subarray(0, bytes.length - 3), 'f'), /f: record 1 is cut/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the event files of real runs, read by Python protobuf', { skip: protobufSkip, timeout: 300_000 }, () => {
  const root = mkdtempSync(join(tmpdir(), 'tsnas-tb-runs-'));
  const search = join(root, 'search');
  const train = join(root, 'train');
  const net = '--init-channels 4 --layers 3 --batch-size 16 --epochs 2'.split(' ');
  const events = (dir: string): PyEvent[] => {
    const files = readdirSync(dir).filter((f) => f.startsWith('events.out.tfevents.'));
    assert.equal(files.length, 1, `one event file in ${dir}`);
    return runPythonJson<PyEvent[]>('tensorboard_events.py', [join(dir, files[0]!)]);
  };
  const values = (ev: PyEvent[], tag: string): [number, PyValue][] =>
    ev.flatMap((e) => (e.values ?? []).filter((v) => v.tag === tag).map((v) => [e.step, v] as [number, PyValue]));
  const metrics = (dir: string, type: string): Record<string, number>[] =>
    readFileSync(join(dir, 'metrics.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, number> & { type: string })
      .filter((r) => (r as unknown as { type: string }).type === type);
  before(() => {
    tsnasOk('search', ...syntheticData(64, 4), ...net, '--out', search);
    tsnasOk('train', '--arch', search, ...syntheticData(64, 4), ...net, '--out', train);
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('search: version record, the config as text, every step and epoch number of metrics.jsonl as scalars', () => {
    const ev = events(search);
    assert.equal(ev[0]!.file_version, 'brain.Event:2');
    const [config] = values(ev, 'config');
    assert.equal(config![1].plugin, 'text');
    assert.match(config![1].text![0]!, /"method": "darts"/);
    const steps = metrics(search, 'step');
    const perEpoch = steps.filter((s) => s.epoch === 1).length;
    assert.deepEqual(
      values(ev, 'step/loss').map(([step, v]) => [step, v.simple_value]),
      steps.map((s) => [(s.epoch! - 1) * perEpoch + s.step!, Math.fround(s.loss!)]),
    );
    for (const key of ['trainLoss', 'valAccuracy', 'valLoss', 'lr', 'imagesPerSecond']) {
      assert.deepEqual(
        values(ev, `epoch/${key}`).map(([step, v]) => [step, v.simple_value]),
        metrics(search, 'epoch').map((r) => [r.epoch, Math.fround(r[key]!)]),
        key,
      );
    }
  });

  it("search: α per cell, edge and op as in the epoch's weights.json, a histogram per cell, the cells as PNG images", () => {
    const ev = events(search);
    for (const epoch of [1, 2]) {
      const file = JSON.parse(readFileSync(join(search, 'genotypes', `epoch-00${epoch}.weights.json`), 'utf8')) as {
        cells: Record<string, { edges: { from: string; to: string; weights: Record<string, number> }[] }>;
      };
      let count = 0;
      for (const [cell, c] of Object.entries(file.cells)) {
        for (const e of c.edges) {
          for (const [op, w] of Object.entries(e.weights)) {
            const found = values(ev, `alpha/${cell}/${e.from}->${e.to}/${op}`).find(([step]) => step === epoch);
            assert.equal(found?.[1].simple_value, Math.fround(w), `alpha/${cell}/${e.from}->${e.to}/${op} at epoch ${epoch}`);
            count++;
          }
        }
        const [, h] = values(ev, `alpha/${cell}`).find(([step]) => step === epoch)!;
        assert.equal(h.histo!.num, 14 * 8);
        assert.equal(
          h.histo!.bucket.reduce((s, x) => s + x, 0),
          14 * 8,
        );
      }
      assert.equal(count, 2 * 14 * 8);
    }
    for (const cell of ['cell/normal', 'cell/reduce']) {
      const images = values(ev, cell);
      assert.deepEqual(
        images.map(([step]) => step),
        [1, 2],
      );
      for (const [, v] of images) {
        assert.ok(v.image!.width > 50 && v.image!.height > 50);
        assert.deepEqual([v.image!.png_width, v.image!.png_height], [v.image!.width, v.image!.height]);
      }
    }
  });

  it('training: test accuracy per epoch; --no-tensorboard writes no event file', () => {
    const ev = events(train);
    assert.deepEqual(
      values(ev, 'epoch/testTop1').map(([step, v]) => [step, v.simple_value]),
      metrics(train, 'epoch').map((r) => [r.epoch, Math.fround(r.testTop1!)]),
    );
    const quiet = join(root, 'quiet');
    tsnasOk(
      'train',
      '--arch',
      search,
      ...syntheticData(64, 4),
      '--init-channels',
      '4',
      '--layers',
      '3',
      '--epochs',
      '1',
      '--no-tensorboard',
      '--out',
      quiet,
    );
    assert.deepEqual(
      readdirSync(quiet).filter((f) => f.startsWith('events.')),
      [],
    );
  });
});
