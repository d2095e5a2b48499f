// Nothing lost, nothing silently wrong: run directories are never overwritten by accident, bad input writes nothing,
// status.json tells what happened, a diverging run stops with its last finite checkpoint, a full disk is named, and
// every resume path either continues correctly or says why not.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { loadTorchCheckpoint } from '../../src/io/index.js';
import { Tensor } from '../../src/tensor/index.js';
import { RunDirectory } from '../../src/train/run-dir.js';
import {
  assertFails,
  assertSucceeds,
  assertUnchanged,
  cliPath,
  signalAfterSteps,
  signalWhen,
  snapshot,
  tinyData,
  tsnas,
  zipRecords,
} from './harness.js';

const root = mkdtempSync(join(tmpdir(), 'tsnas-lifecycle-'));
after(() => rmSync(root, { recursive: true, force: true }));
const net = ['--init-channels', '4', '--layers', '3'];
const trainArgs = ['train', '--arch', 'DARTS_V2', '--epochs', '2', ...net, '--batch-size', '16', ...tinyData];
const searchArgs = ['search', '--epochs', '2', ...net, '--batch-size', '8', '--no-draw', ...tinyData];

interface Status {
  state: string;
  error?: string;
  signal?: string;
  pid: number;
  resumes?: unknown[];
}
const status = (dir: string): Status => JSON.parse(readFileSync(join(dir, 'status.json'), 'utf8')) as Status;

/** Every tensor leaf of a checkpoint tree, with its path. */
function tensors(tree: unknown, path = ''): [string, Tensor][] {
  if (tree instanceof Tensor) return [[path, tree]];
  if (tree instanceof Map) return [...tree].flatMap(([k, v]) => tensors(v, `${path}.${String(k)}`));
  if (Array.isArray(tree)) return tree.flatMap((v, i) => tensors(v, `${path}[${i}]`));
  return [];
}

const finished = join(root, 'finished');
test('a finished run to start from', () => {
  assertSucceeds(tsnas([...trainArgs, '--out', finished]));
  assert.equal(status(finished).state, 'finished');
});

describe('--out never replaces a run by accident', () => {
  test('an existing run is refused and left exactly as it was', () => {
    const before = snapshot(finished);
    for (const args of [trainArgs, searchArgs]) {
      assertFails(tsnas([...args, '--out', finished]), /already holds a run \(finished.*--resume.*--overwrite/s);
      assertUnchanged(finished, before, { exact: true });
    }
  });

  test('a folder holding other files is refused, with --overwrite too', () => {
    const folder = join(root, 'not-a-run');
    mkdirSync(folder);
    writeFileSync(join(folder, 'thesis.tex'), 'precious');
    const before = snapshot(folder);
    assertFails(tsnas([...trainArgs, '--out', folder]), /not empty \(thesis\.tex\)/);
    assertFails(tsnas([...trainArgs, '--out', folder, '--overwrite']), /not a tsnas run directory.*refusing to delete/);
    assertUnchanged(folder, before, { exact: true });
  });

  test('--overwrite replaces a run that is not running', () => {
    const dir = join(root, 'overwritten');
    assertSucceeds(tsnas([...searchArgs, '--out', dir]));
    assert.ok(existsSync(join(dir, 'genotype.txt')));
    assertSucceeds(tsnas([...trainArgs, '--out', dir, '--overwrite']));
    assert.ok(!existsSync(join(dir, 'genotype.txt')), 'nothing of the old run is left');
    assert.equal((JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as { command: string }).command, 'train');
  });

  test('default run names are unique, also for runs started in the same second', async () => {
    const cwd = join(root, 'cwd-unique');
    mkdirSync(cwd);
    const start = (): Promise<number | null> =>
      new Promise((resolve) => {
        const c = spawn(process.execPath, [cliPath, ...trainArgs.map((a) => (a === '2' ? '1' : a))], {
          cwd,
          env: { ...process.env, TSNAS_THREADS: '1' },
        });
        c.on('close', resolve);
      });
    const codes = await Promise.all([start(), start(), start()]);
    assert.deepEqual(codes, [0, 0, 0]);
    const runs = readdirSync(join(cwd, 'runs'));
    assert.equal(runs.length, 3, runs.join(', '));
    for (const r of runs) assert.equal(status(join(cwd, 'runs', r)).state, 'finished');
    // In-process, within one second for sure.
    const prev = process.cwd();
    process.chdir(cwd);
    try {
      const dirs = Array.from({ length: 4 }, () => RunDirectory.create('search').dir);
      assert.equal(new Set(dirs).size, 4);
    } finally {
      process.chdir(prev);
    }
  });
});

describe('a command that fails validation writes nothing', () => {
  const cases: [string, string[], RegExp][] = [
    ['unknown --arch', ['train', '--arch', 'NOT_A_GENOTYPE', ...tinyData], /NOT_A_GENOTYPE/],
    ['missing CIFAR folder', ['train', '--dataset', 'cifar10', '--data', '/nonexistent/cifar'], /cifar/i],
    ['missing dataset for a search', ['search', '--dataset', 'cifar100', '--data', '/nonexistent/c100'], /c100|cifar/i],
    ['an option of another method', ['search', '--method', 'darts', '--drop-rate', '0.5', ...tinyData], /--drop-rate applies to dropnas/],
  ];
  for (const [name, args, message] of cases) {
    test(name, () => {
      const cwd = join(root, `cwd-${name.replace(/\W+/g, '-')}`);
      mkdirSync(cwd);
      const out = join(cwd, 'out');
      assertFails(tsnas([...args, '--out', out], { cwd }), message);
      assert.ok(!existsSync(out), '--out was created');
      assertFails(tsnas(args, { cwd }), message);
      assert.deepEqual(readdirSync(cwd), [], 'a default run directory was created');
    });
  }
});

describe('a diverging run stops, says where and why, and keeps its last finite checkpoint', () => {
  test('training: NaN in the second epoch', () => {
    const dir = join(root, 'diverged-train');
    const r = tsnas(['train', '--arch', 'DARTS_V2', '--epochs', '3', '--lr', '3e4', ...net, '--batch-size', '16', ...tinyData, '--out', dir]);
    assertFails(
      r,
      /training diverged at epoch 2(, step \d+)?: (NaN or infinite values in cells\.\S+running_var|the BatchNorm running statistics became NaN or infinite|the (training loss|gradient norm) is \S+).*last finite checkpoint is \S+last\.pt \(end of epoch 1\).*--lr/s,
    );
    for (const f of ['model.pt', 'result.json']) assert.ok(!existsSync(join(dir, f)), `${f} was written`);
    const s = status(dir);
    assert.equal(s.state, 'failed');
    assert.match(s.error!, /diverged at epoch 2/);
    for (const name of ['last', 'best']) {
      const ck = loadTorchCheckpoint(join(dir, 'checkpoints', `${name}.pt`));
      if (name === 'last') assert.equal((ck as Map<string, unknown>).get('epoch'), 1);
      const leaves = tensors(ck).filter(([, t]) => t.dtype.startsWith('float'));
      assert.ok(leaves.length > 10);
      for (const [p, t] of leaves) assert.ok(t.isfinite().all().item(), `${name}.pt${p} is not finite`);
    }
    // The epoch records stop before the NaN epoch; no NaN reached metrics.jsonl.
    const metrics = readFileSync(join(dir, 'metrics.jsonl'), 'utf8');
    assert.doesNotMatch(metrics, /null|NaN/);
  });

  test('training: --skip-nonfinite-steps tolerates N non-finite updates, then stops', () => {
    const dir = join(root, 'skipped-train');
    const r = tsnas([
      'train',
      '--arch',
      'DARTS_V2',
      '--epochs',
      '2',
      '--lr',
      '1e6',
      ...net,
      '--batch-size',
      '8',
      ...tinyData,
      '--skip-nonfinite-steps',
      '2',
      '--out',
      dir,
    ]);
    assertFails(
      r,
      /training diverged at epoch \d, step \d+: (the (training loss|gradient norm) is (NaN|Infinity)|the BatchNorm running statistics became NaN or infinite) \(non-finite step 3 of this run; --skip-nonfinite-steps 2\)/,
    );
    const skipped = readFileSync(join(dir, 'metrics.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .filter((l) => l.includes('"skipped-step"'));
    assert.equal(skipped.length, 2);
    assert.match(r.stderr, /update skipped \(1 of --skip-nonfinite-steps 2\)/);
  });

  test('search: a NaN epoch is never "best" and never reaches a checkpoint', () => {
    const dir = join(root, 'diverged-search');
    const r = tsnas([...searchArgs, '--lr', '1e6', '--out', dir]);
    assertFails(r, /search diverged at epoch 1(, step \d+)?: .*(NaN|infinite|Infinity).*Nothing was saved after it.*--lr/s);
    assert.doesNotMatch(r.stderr, /\(best\)/);
    assert.doesNotMatch(r.stderr, /is not a number/);
    assert.ok(!existsSync(join(dir, 'checkpoints', 'best.pt')));
    assert.ok(!existsSync(join(dir, 'genotype.json')));
    assert.equal(status(dir).state, 'failed');
  });
});

describe('--resume continues what can be continued and names what cannot', () => {
  test('a run killed before its first checkpoint starts over and ends as an uninterrupted run', async () => {
    const dir = join(root, 'killed-early');
    const r = await signalWhen([...trainArgs, '--out', dir], /parameters/, 'SIGKILL');
    assert.equal(r.signal, 'SIGKILL');
    assert.ok(!existsSync(join(dir, 'checkpoints', 'last.pt')));
    const runs = tsnas(['runs', dir]);
    assert.match(runs.stdout, /died.*pid \d+.*--resume/);
    const resumed = tsnas(['train', '--resume', dir]);
    assertSucceeds(resumed);
    assert.match(resumed.stderr, /no checkpoint yet: starting it over/);
    const strip = (d: string): unknown =>
      readFileSync(join(d, 'metrics.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => {
          const { time: _t, seconds: _s, imagesPerSecond: _i, ...rest } = JSON.parse(l) as Record<string, unknown>;
          return rest;
        });
    assert.deepEqual(strip(dir), strip(finished));
  });

  test('--checkpoint-interval: kill -9 mid-epoch loses only the steps since the last timed checkpoint', async () => {
    const dir = join(root, 'timed');
    const baseline = join(root, 'timed-baseline');
    const args = trainArgs.map((a) => (a === '16' ? '8' : a)); // 8 steps per epoch
    assertSucceeds(tsnas([...args, '--out', baseline]));
    // A checkpoint after every step (the interval is a microsecond), killed 3 steps into the second epoch.
    const r = await signalAfterSteps([...args, '--checkpoint-interval', '1e-8', '--out', dir], dir, 11, 'SIGKILL');
    assert.equal(r.signal, 'SIGKILL');
    const resumed = tsnas(['train', '--resume', dir]);
    assertSucceeds(resumed);
    assert.match(resumed.stderr, /resuming \S+ at epoch 2, after step [2-7]\b/);
    const strip = (d: string): unknown =>
      readFileSync(join(d, 'metrics.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => {
          const { time: _t, seconds: _s, imagesPerSecond: _i, ...rest } = JSON.parse(l) as Record<string, unknown>;
          return rest;
        });
    assert.deepEqual(strip(dir), strip(baseline));
    const result = (d: string): unknown => {
      const { seconds: _s, ...rest } = JSON.parse(readFileSync(join(d, 'result.json'), 'utf8')) as Record<string, unknown>;
      return rest;
    };
    assert.deepEqual(result(dir), result(baseline));
  });

  test('a run that is being run right now is not resumed twice', async () => {
    const dir = join(root, 'live');
    const child = spawn(process.execPath, [cliPath, ...trainArgs.map((a) => (a === '2' ? '50' : a)), '--out', dir], {
      env: { ...process.env, TSNAS_THREADS: '1' },
      stdio: 'ignore',
    });
    try {
      const t0 = Date.now();
      while (!existsSync(join(dir, 'checkpoints', 'last.pt')) && Date.now() - t0 < 60_000) await new Promise((r) => setTimeout(r, 50));
      const before = snapshot(join(dir, 'checkpoints'));
      assertFails(tsnas(['train', '--resume', dir]), new RegExp(`being run right now \\(pid ${child.pid}\\)`));
      assertFails(tsnas([...trainArgs, '--out', dir, '--overwrite']), /being run right now by pid/);
      assert.ok(snapshot(join(dir, 'checkpoints')).size >= before.size);
    } finally {
      child.kill('SIGKILL');
    }
  });

  test('a checkpoint whose network no longer matches the run is refused, and so is eval with another genotype', async () => {
    const dir = join(root, 'rewired');
    const r = await signalAfterSteps([...trainArgs, '--out', dir], dir, 1, 'SIGTERM');
    assert.equal(r.status, 143, r.stderr);
    // Rewire one input of the genotype in config.json: same shapes, another network.
    const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as { genotype: { normal: [string, number][] } };
    const edge = config.genotype.normal.findIndex(([, from], i) => i >= 2 && from !== 2);
    config.genotype.normal[edge]![1] = 2;
    writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
    const before = snapshot(dir);
    assertFails(
      tsnas(['train', '--resume', dir]),
      /last\.pt: the checkpoint was trained with another network than the run's config\.json.*normal\[\d\]/s,
    );
    assertUnchanged(
      join(dir, 'checkpoints'),
      new Map([...before].filter(([f]) => f.startsWith('checkpoints')).map(([f, h]) => [f.slice('checkpoints/'.length), h])),
    );
    // eval: model.pt of a finished run against a genotype of the same shapes.
    const rewired = join(root, 'rewired.json');
    writeFileSync(rewired, JSON.stringify(config.genotype));
    const evalArgs = ['eval', '--checkpoint', join(finished, 'model.pt'), ...net, ...tinyData];
    assertFails(tsnas([...evalArgs, '--arch', rewired]), /trained with another network.*normal\[\d\].*--ignore-metadata/s);
    assertSucceeds(tsnas([...evalArgs, '--arch', 'DARTS_V2']));
  });

  test('a search checkpoint of another supernet is refused on resume', async () => {
    const dir = join(root, 'search-swapped');
    const r = await signalAfterSteps([...searchArgs, '--out', dir], dir, 1, 'SIGTERM');
    assert.equal(r.status, 143, r.stderr);
    const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as { options: { channels: number } };
    config.options.channels = 6;
    writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
    const before = snapshot(dir);
    assertFails(
      tsnas(['search', '--resume', dir]),
      /last\.pt: the checkpoint belongs to another search than the run's config\.json \(checkpoint vs config\): channels 4 vs 6/,
    );
    assertUnchanged(dir, before, { exact: true });
  });

  test('SIGHUP checkpoints too; a damaged checkpoint is refused and the run left as it was', async () => {
    const dir = join(root, 'hangup');
    const r = await signalAfterSteps([...trainArgs, '--out', dir], dir, 1, 'SIGHUP');
    assert.equal(r.status, 129, r.stderr);
    assert.equal(status(dir).state, 'interrupted');
    assert.equal(status(dir).signal, 'SIGHUP');
    // One flipped bit in the largest tensor record, as a bad disk or a bad copy leaves it.
    const ck = join(dir, 'checkpoints', 'last.pt');
    const bytes = readFileSync(ck);
    const rec = [...zipRecords(bytes).values()].sort((a, b) => b.size - a.size)[0]!;
    bytes[rec.dataStart + (rec.size >> 1)]! ^= 0x10;
    writeFileSync(ck, bytes);
    const before = snapshot(dir);
    assertFails(tsnas(['train', '--resume', dir]), /last\.pt.*(corrupt|CRC)/i);
    assertUnchanged(dir, before, { exact: true });
  });

  test('--out naming a file is refused', () => {
    const file = join(root, 'a-file');
    writeFileSync(file, 'x');
    assertFails(tsnas([...trainArgs, '--out', file]), /--out \S+a-file: exists and is not a directory/);
    assert.equal(readFileSync(file, 'utf8'), 'x');
  });

  test('wrong kind, finished, damaged or missing runs', () => {
    const search = join(root, 'search-run');
    assertSucceeds(tsnas([...searchArgs, '--out', search]));
    const damaged = join(root, 'damaged');
    assertSucceeds(tsnas([...trainArgs, '--out', damaged]));
    rmSync(join(damaged, 'result.json'));
    writeFileSync(join(damaged, 'status.json'), '{"state": "interrupted", "pid": 1, "host": "x"}');
    writeFileSync(join(damaged, 'config.json'), '{"command": "train", "options": {"arch": ');
    const snaps = [finished, search, damaged].map((d) => [d, snapshot(d)] as const);
    assertFails(tsnas(['search', '--resume', finished]), /this is a train run; continue it with: tsnas train --resume/);
    assertFails(tsnas(['train', '--resume', search]), /this is a search run; continue it with: tsnas search --resume/);
    assertFails(tsnas(['train', '--resume', finished]), /has finished.*nothing to continue/);
    // --epochs is applied on resume, --lr would change what was computed: refused, and nothing is touched.
    assertFails(tsnas(['train', '--resume', finished, '--epochs', '5', '--lr', '0.1']), /; --lr cannot be given with it/);
    assertFails(tsnas(['search', '--resume', search, '--method', 'dropnas']), /--method cannot be given with it/);
    assertFails(tsnas(['train', '--resume', damaged]), /damaged[/\\]config\.json is not valid JSON.*damaged/);
    assertFails(tsnas(['train', '--resume', join(root, 'nope')]), /--resume \S+nope: no such directory/);
    assertFails(tsnas(['train', '--resume', root]), /not a tsnas run directory \(no config\.json\)/);
    for (const [d, s] of snaps) assertUnchanged(d, s, { exact: true });
  });
});

test('running out of memory names the batch size to try, and the run says it failed', () => {
  const dir = join(root, 'oom');
  // 3 GB of address space: the runtime fits, a DARTS_V2 step on 2048 images of 32 px does not.
  const args = [
    'train',
    '--dataset',
    'synthetic',
    '--synthetic-size',
    '32',
    '--synthetic-count',
    '2048',
    '--batch-size',
    '2048',
    '--epochs',
    '1',
    '--workers',
    '0',
    '--out',
    dir,
  ];
  const r = spawnSync('sh', ['-c', 'ulimit -v 3000000 && exec "$0" "$@"', process.execPath, cliPath, ...args], {
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, TSNAS_THREADS: '1' },
  });
  assertFails(
    { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr },
    /out of memory in a training step at batch size 2048: try --batch-size 1024 or --amp/,
  );
  assert.equal(status(dir).state, 'failed');
});

describe('a full disk is named, and leaves no partial file', () => {
  const unshare = spawnSync('unshare', ['-rm', 'true']).status === 0;
  // A private mount namespace with a small tmpfs: no root needed beyond a user namespace, gone when the shell exits.
  const inSmallDisk = (kib: number, script: string): { status: number | null; stdout: string; stderr: string } => {
    const r = spawnSync('unshare', ['-rm', 'sh', '-c', `set -u; mkdir -p "$D" && mount -t tmpfs -o size=${kib}k tmpfs "$D" && ${script}`], {
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, D: join(root, 'disk'), NODE: process.execPath, CLI: cliPath, TSNAS_THREADS: '1' },
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  // `out` is a shell word (it names $D); the other arguments are quoted.
  const tsnasLine = (out: string): string => `"$NODE" "$CLI" ${trainArgs.map((a) => `'${a}'`).join(' ')} --out ${out}`;

  for (const [name, freeKib] of [
    ['full before the run', 0],
    ['full during the run', 24],
  ] as const) {
    test(name, { skip: unshare ? false : 'needs unshare -rm (user and mount namespaces)' }, () => {
      // A finished run on the same disk, then a filler that leaves freeKib, then a second run.
      const r = inSmallDisk(
        1024,
        `${tsnasLine('"$D/first"')} >/dev/null 2>&1 && (cd "$D/first" && find . -type f | sort | xargs sha256sum) > "$D/../before-${freeKib}" &&
        avail=$(df -k --output=avail "$D" | tail -1) && head -c $(( (avail - ${freeKib}) * 1024 )) /dev/zero > "$D/filler" 2>/dev/null;
        ${tsnasLine('"$D/second"')}; echo "rc=$?";
        (cd "$D/first" && find . -type f | sort | xargs sha256sum) | diff "$D/../before-${freeKib}" - && echo first-unchanged;
        find "$D/second" -name '*.tmp*' | sed 's/^/leftover /'`,
      );
      assert.match(r.stdout, /rc=1/, r.stderr + r.stdout);
      assert.match(
        r.stderr,
        /tsnas: (cannot (write|append to|create) \S+second\S*: no space left on device \(ENOSPC\)|\S+second\S*: writing the checkpoint failed: ENOSPC: no space left on device)/,
        r.stderr,
      );
      assert.doesNotMatch(r.stderr, /^\s+at /m);
      assert.match(r.stdout, /first-unchanged/);
      assert.doesNotMatch(r.stdout, /leftover/);
    });
  }
});
