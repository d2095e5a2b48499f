// Bad input, as a new user would give it: every case must end with a clear message that names what was wrong (and,
// for the CLI, exit status 1 without a stack trace), never a crash, a hang, a raw errno or a silently wrong value.
// CLI cases run the real command in a child process; everything else is asserted at library level.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { floatOption, intOption } from '../../src/option-values.js';
import { checkSameClasses, loadImageFolder } from '../../src/data/imagenet.js';
import { loadDataset } from '../../src/data/load.js';
import { ensureDirectory, RandomAccessFile } from '../../src/io/file.js';
import { GENOTYPE_FILE_MAX_BYTES, readGenotypeFile } from '../../src/nas/genotype/file.js';
import { defaultNb201TablePath, parseNb201Table } from '../../src/nas/nb201/benchmark.js';
import { cudaAvailable, eye, linspace, randint, randn, randperm, tensor, zeros } from '../../src/tensor/index.js';
import { resolveArch, resolveEvalArch } from '../../src/train/arch.js';
import { writeImage } from '../data/helpers.js';
import { assertFails, assertSucceeds, type CliResult, cliPath, tinyData } from './harness.js';

const dir = mkdtempSync(join(tmpdir(), 'tsnas-bad-input-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, data: string | Uint8Array): string => {
  const p = join(dir, name);
  writeFileSync(p, data);
  return p;
};

const DARTS_V2_REPR =
  "Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('sep_conv_3x3', 1), " +
  "('sep_conv_3x3', 1), ('skip_connect', 0), ('skip_connect', 0), ('dil_conv_3x3', 2)], normal_concat=[2, 3, 4, 5], " +
  "reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 1), ('max_pool_3x3', 0), " +
  "('skip_connect', 2), ('skip_connect', 2), ('max_pool_3x3', 1)], reduce_concat=[2, 3, 4, 5])";
const NB201_ARCH = '|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|';
/** A network small enough that a case which unexpectedly got through would still end in seconds. */
const small = ['--init-channels', '4', '--layers', '3'];
const trainArgs = (...extra: string[]): string[] => [
  'train',
  '--arch',
  'DARTS_V2',
  '--epochs',
  '1',
  ...small,
  '--batch-size',
  '8',
  ...tinyData,
  '--out',
  join(dir, 'never-a-run'),
  ...extra,
];

type Case = [name: string, args: string[], message: RegExp, opts?: { env?: Record<string, string> }];

/** harness.tsnas, but asynchronous, so that two cases run at once (each spawn spends ~1 s loading libtorch). */
function tsnasAsync(args: string[], env: Record<string, string> = {}, timeoutMs = 60_000): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cliPath, ...args], {
      env: { ...process.env, TSNAS_THREADS: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '',
      stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stdout, stderr });
    });
  });
}

/** Runs every case (two at a time) and asserts a clean failure with its message; the case name prefixes a failure. */
async function runCases(cases: readonly Case[]): Promise<void> {
  const results: CliResult[] = new Array<CliResult>(cases.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < cases.length) {
      const k = next++;
      const [, args, , opts] = cases[k]!;
      results[k] = await tsnasAsync(args, opts?.env);
    }
  };
  await Promise.all([worker(), worker()]);
  cases.forEach(([name, , message], k) => {
    try {
      assertFails(results[k]!, message);
    } catch (e) {
      (e as Error).message = `case '${name}': ${(e as Error).message}`;
      throw e;
    }
  });
}

/** assert.throws on the message itself (a RegExp alone is matched against 'Error: message'). */
function throwsWith(fn: () => unknown, message: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof Error, `threw ${String(e)}`);
    assert.match(e.message, message);
    return true;
  });
}

// --- the tensor API --------------------------------------------------------------------------------------

test('tensor API: shapes and sizes must be integers (no silent NaN → 0, 2.7 → 2), with the function and the value named', () => {
  const cases: [() => unknown, RegExp][] = [
    [() => zeros([NaN, 2]), /^zeros: size must be an array of non-negative integers, got \[NaN, 2\] \(element 0 is NaN\)/],
    [() => zeros([2.7, 2]), /^zeros: size .*non-negative integers.*element 0 is 2\.7/],
    [() => zeros([-1, 2]), /^zeros: size .*non-negative integers.*element 0 is -1/],
    [() => randn([1e20]), /^randn: size .*beyond 2\^53/],
    [() => randint(0, 5, [Infinity]), /^randint: size .*element 0 is Infinity/],
    [() => randint(0, NaN, [2]), /^randint: high must be an integer, got NaN/],
    [() => randperm(-3), /^randperm: n must be a non-negative integer, got -3/],
    [() => eye(2.5), /^eye: n must be a non-negative integer, got 2\.5/],
    [() => linspace(0, 1, NaN), /^linspace: steps must be a non-negative integer, got NaN/],
    [() => tensor([1, 2, 3], { shape: [1.5, 2] }), /^tensor: shape must be an array of non-negative integers.*element 0 is 1\.5/],
    [() => zeros([2, 3]).reshape([2.5, -1]), /^reshape: shape must be an array of integers >= -1 \(-1: inferred\), got \[2\.5, -1\]/],
    [() => zeros([2, 3]).reshape([-2, 3]), /^reshape: shape .*element 0 is -2/],
    [() => zeros([2, 3]).view([NaN]), /^view: size .*NaN/],
    [() => zeros([1, 3]).expand([4.5, -1]), /^expand: size .*4\.5/],
    [() => zeros([2, 3]).permute([0, 1.5]), /^permute: dims must be an array of integers, got \[0, 1\.5\]/],
    [() => zeros([2, 3]).sum(0.5), /^sum: dim must be an integer, got 0\.5/],
    [() => zeros([2, 3]).narrow(0, 0, NaN), /^narrow: length must be an integer, got NaN/],
    [() => zeros([2, 3]).size(1.5), /^size: dimension must be an integer, got 1\.5/],
  ];
  for (const [fn, message] of cases) throwsWith(fn, message);
  // What stays allowed: -1 where a size is inferred, and a bare number for an int list.
  assert.deepEqual(zeros([2, 3]).reshape([3, -1]).shape, [3, 2]);
  assert.deepEqual(zeros([1, 3]).expand([4, -1]).shape, [4, 3]);
  assert.deepEqual(zeros([2, 3]).view([-1]).shape, [6]);
  assert.deepEqual(zeros([0, 2]).shape, [0, 2]);
});

test('tensor API: an unknown device says "unknown device" and lists what is accepted; a dtype typo says "unknown dtype"', () => {
  const t = zeros([2, 3]);
  throwsWith(() => t.to('tpu'), /^to\('tpu'\): unknown device 'tpu' \(devices: 'cpu', 'cuda' or 'cuda:N'; or a dtype: float32, .*memory format/);
  throwsWith(() => t.to({ device: 'tpu' }), /^to: unknown device 'tpu' \(expected 'cpu', 'cuda' or 'cuda:N'\)/);
  throwsWith(() => t.to('float'), /^to\('float'\): unknown dtype 'float' \(dtypes: float32, float64/);
  throwsWith(() => zeros([2], { device: 'gpu' }), /^zeros: unknown device 'gpu'/);
  throwsWith(() => tensor([1, 2], { device: 'mps' }), /^tensor: unknown device 'mps'/);
  if (!cudaAvailable()) {
    throwsWith(() => t.to('cuda'), /^to: device 'cuda' is not available: this libtorch has no usable CUDA device/);
    throwsWith(() => zeros([2], { device: 'cuda:1' }), /^zeros: device 'cuda:1' is not available/);
  }
  assert.equal(t.to('float64').dtype, 'float64');
  assert.equal(t.to('cpu').device, 'cpu');
});

// --- numeric options --------------------------------------------------------------------------------------

test('numeric options: only decimal spellings, finite, in range, and the message never offers Infinity', () => {
  throwsWith(() => floatOption('Infinity', '--lr', 0), /^--lr must be a finite number >= 0, got 'Infinity'$/);
  throwsWith(() => floatOption('1e400', '--lr', 0), /^--lr must be a finite number >= 0, got '1e400' \(too large/);
  throwsWith(() => floatOption('NaN', '--momentum', 0, 1), /^--momentum must be a finite number in \[0, 1\], got 'NaN'$/);
  throwsWith(() => floatOption('', '--lr', 0), /got ''/);
  throwsWith(() => floatOption('0x10', '--lr', 0), /not hex/);
  throwsWith(() => floatOption('-1', '--lr', 0), /^--lr must be a finite number >= 0, got '-1'$/);
  assert.equal(floatOption('3e-4', '--weight-decay', 0), 3e-4);
  assert.equal(floatOption('.5', '--p', 0, 1), 0.5);
  throwsWith(() => intOption('1e400', '--epochs', 1), /^--epochs must be an integer >= 1, got '1e400' \(too large/);
  throwsWith(() => intOption('99999999999999999999', '--epochs', 1), /too large/);
  throwsWith(() => intOption(' 5', '--epochs', 1), /got ' 5' \(no spaces\)/);
  throwsWith(() => intOption('0x10', '--epochs', 1), /not hex/);
  throwsWith(() => intOption('2.5', '--epochs', 1), /got '2\.5' \(not a whole number\)/);
  throwsWith(() => intOption('', '--epochs', 1), /got ''/);
  throwsWith(() => intOption('11', '--layers', 3, 10), /^--layers must be an integer in \[3, 10\], got '11'$/);
  assert.equal(intOption('1e3', '--epochs', 1), 1000);
  assert.equal(intOption('600', '--epochs', 1), 600);
  for (const f of [() => floatOption('Infinity', '--x', 0), () => intOption('-1', '--x', 0)]) {
    assert.throws(f, (e: Error) => !/Infinity\]/.test(e.message));
  }
});

test('CLI: bad numbers, devices and datasets are refused before any work, naming the option', async () => {
  // Every spelling is covered above at library level; these prove each command reports it (status 1, no stack).
  const cases: Case[] = [
    ['--lr Infinity', trainArgs('--lr', 'Infinity'), /--lr must be a finite number >= 0, got 'Infinity'/],
    ['--epochs 2.5', trainArgs('--epochs', '2.5'), /--epochs must be an integer >= 1, got '2\.5' \(not a whole number\)/],
    ['--subset 0', trainArgs('--subset', '0'), /--subset must be an integer >= 1, got '0'/],
    ['--device tpu', trainArgs('--device', 'tpu'), /--device must be cpu, cuda, cuda:N or auto, got 'tpu'/],
    ['count --layers 1e9', ['count', '--arch', 'DARTS_V2', '--layers', '1e9'], /--layers must be an integer in \[3, 10000\], got '1e9'/],
    [
      'count --init-channels 100000',
      ['count', '--arch', 'DARTS_V2', '--init-channels', '100000'],
      /--init-channels 100000 with --layers 20 makes a network whose weights alone need about \d+ GiB/,
    ],
    ['--threads 100000', trainArgs('--threads', '100000'), /--threads must be an integer in \[1, \d+\], got '100000'/],
    ['--workers 1000', trainArgs('--workers', '1000'), /--workers must be an integer in \[0, \d+\], got '1000'/],
    [
      'TSNAS_THREADS=abc (an error while loading)',
      ['zoo', 'list'],
      /^tsnas: TSNAS_THREADS must be an integer in \[1, \d+\] \(intra-op threads\), got 'abc'\n$/,
      { env: { TSNAS_THREADS: 'abc' } },
    ],
    [
      'nb201 evolve --target 101',
      ['nb201', 'evolve', '--seeds', '1', '--target', '101'],
      /--target must be a finite number in \[0, 100\], got '101'/,
    ],
    [
      'train --init-channels 3000 (would exhaust memory)',
      trainArgs('--init-channels', '3000'),
      /--init-channels 3000 with --layers \d+ makes a network whose weights alone need about \d+ GiB/,
    ],
    [
      'search --init-channels 3000 (would exhaust memory)',
      ['search', '--dataset', 'synthetic', '--init-channels', '3000'],
      /--init-channels 3000 with --layers 8 makes a supernet whose weights, gradients and optimiser state alone need about/,
    ],
    ['search --layers 1e9', ['search', '--dataset', 'synthetic', '--layers', '1e9'], /--layers must be an integer in \[1, 10000\], got '1e9'/],
    ['search --layers 2 (the darts space)', ['search', '--dataset', 'synthetic', '--layers', '2'], /--layers must be at least 3 in the darts space/],
    [
      'search --population 2.5 (a method option)',
      ['search', '--method', 'evnas', '--dataset', 'synthetic', '--population', '2.5'],
      /--population must be an integer >= 1, got '2\.5' \(not a whole number\)/,
    ],
    [
      'search --drop-rate Infinity',
      ['search', '--method', 'dropnas', '--dataset', 'synthetic', '--drop-rate', 'Infinity'],
      /--drop-rate must be a finite number in \[0, 0\.999999\], got 'Infinity'/,
    ],
    ['train --out under /proc (no endless mkdir)', trainArgs('--out', '/proc/tsnas-nope'), /cannot create run directory \/proc\/tsnas-nope/],
  ];
  if (!cudaAvailable()) cases.push(['--device cuda', trainArgs('--device', 'cuda'), /--device cuda: this libtorch has no usable CUDA device/]);
  await runCases(cases);
});

// --- --arch -----------------------------------------------------------------------------------------------

test('--arch (library): inline genotypes, missing files, unknown names, bad files each get their own message', () => {
  assert.deepEqual(resolveEvalArch(DARTS_V2_REPR).genotype, resolveEvalArch('DARTS_V2').genotype);
  assert.equal(resolveEvalArch(DARTS_V2_REPR).source, 'arch string');
  assert.equal(resolveEvalArch(`{"kind": "nb201", "arch": "${NB201_ARCH}"}`).genotype.kind, 'nb201');
  const noGenotype = join(dir, 'not-a-run');
  mkdirSync(noGenotype, { recursive: true });
  const big = file('big.txt', Buffer.alloc(GENOTYPE_FILE_MAX_BYTES + 1, 0x20));
  const cases: [string, RegExp][] = [
    ["Genotype(normal=[('sep_conv_3x3', 0)", /^--arch \(inline genotype\): genotype parse error at 1:37: expected ',' or '\]', found end of input/],
    ['nosuch/genotype.txt', /^--arch nosuch\/genotype\.txt: file not found \(expected a zoo name/],
    ['missing.json', /^--arch missing\.json: file not found/],
    ['my.genotype', /^--arch my\.genotype: file not found/],
    ['DARTS_V3', /^--arch 'DARTS_V3': unknown zoo genotype and no such file; close zoo names: DARTS, DARTS_V1, DARTS_V2 \(expected/],
    ['/dev/zero', /^--arch \/dev\/zero: is a character device, not a genotype file/],
    [big, /big\.txt: 1\.0 MiB is too large for a genotype file \(at most 1\.0 MiB/],
    [file('empty.txt', '\n \n'), /empty\.txt: the file is empty \(expected a genotype/],
    [file('garbage.json', '{"normal": ['), /^--arch .*garbage\.json: genotype parse error at 1:13: expected a value/],
    [file('nb201.json', '{"kind": "nb201", "arch": 5}'), /nb201\.json: an NB201 genotype JSON needs "arch"/],
    [file('bad-nb201.json', '{"kind": "nb201", '), /bad-nb201\.json: .*JSON/],
    [noGenotype, /not-a-run: a directory must be a search run holding genotype\.json/],
    ['', /^--arch is empty \(expected a zoo name/],
    ['|nor_conv_3x3~0|+|', /^--arch \(NB201 arch string\): genotype parse error/],
  ];
  for (const [spec, message] of cases) throwsWith(() => resolveEvalArch(spec), message);
  throwsWith(() => resolveArch(NB201_ARCH), /is a NAS-Bench-201 cell, not a DARTS-space genotype/);
});

test('--arch (CLI): the same messages from count, genotype convert and zoo show', async () => {
  const ok = tsnasAsync(['count', '--arch', DARTS_V2_REPR, ...small, '--json']);
  await runCases([
    [
      'broken inline repr',
      ['count', '--arch', "Genotype(normal=[('sep_conv_3x3', 0)"],
      /--arch \(inline genotype\): genotype parse error at 1:37: expected ',' or '\]', found end of input/,
    ],
    ['missing file', ['count', '--arch', 'nosuch/genotype.txt'], /--arch nosuch\/genotype\.txt: file not found/],
    [
      'unknown zoo name',
      ['count', '--arch', 'DARTS_V3'],
      /--arch 'DARTS_V3': unknown zoo genotype and no such file; close zoo names: DARTS, DARTS_V1, DARTS_V2/,
    ],
    ['/dev/zero', ['genotype', 'convert', '--arch', '/dev/zero'], /--arch \/dev\/zero: is a character device, not a genotype file/],
    ['an empty file', ['genotype', 'convert', '--arch', file('empty2.txt', '')], /empty2\.txt: the file is empty/],
    [
      'zoo show: unknown name',
      ['zoo', 'show', 'DARTS_V3'],
      /unknown zoo genotype 'DARTS_V3'; close names: .*DARTS_V2 \(`tsnas zoo list` lists all \d+\)/,
    ],
  ]);
  const r = await ok;
  assertSucceeds(r);
  assert.match(r.stdout, /^\{"params":\d+/);
});

test('genotype files: a FIFO is refused without blocking, the cap holds, errors name the file', () => {
  const fifo = join(dir, 'genotype.fifo');
  execFileSync('mkfifo', [fifo]);
  throwsWith(() => readGenotypeFile(fifo), /genotype\.fifo: is a pipe \(FIFO\), not a genotype file/);
  throwsWith(() => readGenotypeFile(join(dir, 'nope.txt')), /nope\.txt: file not found$/);
  throwsWith(() => readGenotypeFile(dir), /is a directory, not a genotype file/);
  throwsWith(() => readGenotypeFile(file('nul.txt', 'Geno\0type')), /nul\.txt: holds binary data/);
  throwsWith(() => readGenotypeFile(file('cap.txt', 'x'.repeat(100)), 64), /cap\.txt: 100 bytes is too large for a genotype file \(at most 64 bytes/);
  assert.equal(readGenotypeFile(file('ok.txt', NB201_ARCH)), NB201_ARCH);
});

test('genotype draw: an --out that cannot be a folder fails at once (no endless mkdir under /proc)', async () => {
  await runCases([
    [
      '--out under /proc',
      ['genotype', 'draw', '--arch', 'DARTS_V2', '--out', '/proc/tsnas-no-such-folder/x'],
      /cannot create --out folder \/proc\/tsnas-no-such-folder\/x/,
    ],
    [
      '--out is a file',
      ['genotype', 'draw', '--arch', 'DARTS_V2', '--out', file('plain-file', 'x')],
      /--out folder .*plain-file exists and is not a directory/,
    ],
    [
      '--name with a slash',
      ['genotype', 'draw', '--arch', 'DARTS_V2', '--name', '../x', '--out', dir],
      /--name must be a file name stem without '\/', got '\.\.\/x'/,
    ],
  ]);
  throwsWith(() => ensureDirectory('/proc/tsnas-no-such-folder/a/b'), /cannot create folder \/proc\/tsnas-no-such-folder\/a\/b/);
  throwsWith(() => ensureDirectory(join(dir, 'plain-file', 'sub')), /a part of the path is a file, not a directory/);
  assert.equal(ensureDirectory(join(dir, 'made', 'deep')), join(dir, 'made', 'deep'));
});

// --- the NB201 table --------------------------------------------------------------------------------------

test('NB201 table: a truncated or corrupt table names the file and the line, says truncated/corrupt and how to repair', async () => {
  const asset = readFileSync(defaultNb201TablePath());
  const cutGz = file('cut.csv.gz', asset.subarray(0, 100_000));
  const csvText = [
    'index,arch,cifar10,cifar100,imagenet16_120',
    `0,${NB201_ARCH},93.76,70.71,44.0`,
    `1,${NB201_ARCH.replace('avg_pool_3x3', 'none')},90.1,66.0,40.2`,
  ].join('\n');
  const cutCsv = file('cut.csv', csvText.slice(0, csvText.length - 12));
  throwsWith(
    () => parseNb201Table(readFileSync(cutGz), cutGz),
    /cut\.csv\.gz: the NB201 table is truncated or corrupt \(gzip: unexpected end of file, 100000 bytes; the readable data stops after line \d+ \(a full table has 15626 lines\)\)\. Restore /,
  );
  throwsWith(
    () => parseNb201Table(readFileSync(cutCsv), cutCsv),
    /cut\.csv:3: 3 fields where the header has 5 \(the last line, with no newline: the file looks truncated\); the NB201 table is truncated or corrupt/,
  );
  await runCases([
    [
      'nb201 query, truncated table',
      ['nb201', 'query', NB201_ARCH],
      /cut\.csv\.gz: the NB201 table is truncated or corrupt .*TSNAS_NB201_TABLE/,
      { env: { TSNAS_NB201_TABLE: cutGz } },
    ],
    [
      'nb201 best, table is a folder',
      ['nb201', 'best'],
      /NAS-Bench-201 table .*: not a regular file \(a directory\)/,
      { env: { TSNAS_NB201_TABLE: dir } },
    ],
    [
      'nb201 query, garbage arch',
      ['nb201', 'query', 'garbage'],
      /genotype parse error at 1:1: expected node 1 written as '\|op~source\|\.\.\.\|', found 'garbage'/,
    ],
  ]);
});

// --- output, checkpoints, data ----------------------------------------------------------------------------

test('stdout closed early (`tsnas zoo list | head`): exit 0, nothing on stderr', async () => {
  for (const args of [
    ['zoo', 'list'],
    ['zoo', 'list', '--json'],
  ]) {
    const r = await new Promise<{ status: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [cliPath, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout.destroy(); // the reader goes away before the first write
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (s: string) => {
        stderr += s;
      });
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error('tsnas zoo list did not exit'));
      }, 30_000);
      child.on('close', (status, signal) => {
        clearTimeout(timer);
        resolve({ status, signal, stderr });
      });
    });
    assert.deepEqual(r, { status: 0, signal: null, stderr: '' }, `tsnas ${args.join(' ')}`);
  }
});

test('checkpoints: a directory, a missing file or a device is named as such (every reader goes through RandomAccessFile)', async () => {
  const run = join(dir, 'a-run');
  mkdirSync(join(run, 'checkpoints'), { recursive: true });
  writeFileSync(join(run, 'model.pt'), 'x');
  writeFileSync(join(run, 'checkpoints', 'last.pt'), 'x');
  throwsWith(
    () => new RandomAccessFile(run),
    /a-run: is a directory, not a checkpoint file \(it looks like a run directory: pass .*a-run\/model\.pt or .*a-run\/checkpoints\/last\.pt\)/,
  );
  throwsWith(() => new RandomAccessFile('/dev/zero'), /\/dev\/zero: is a character device, not a checkpoint file/);
  const evalArgs = (checkpoint: string): string[] => ['eval', '--arch', 'DARTS_V2', '--checkpoint', checkpoint, ...small, ...tinyData];
  await runCases([
    ['eval --checkpoint <run dir>', evalArgs(run), /a-run: is a directory, not a checkpoint file \(it looks like a run directory: pass .*model\.pt/],
    ['eval --checkpoint <missing>', evalArgs(join(dir, 'none.pt')), /none\.pt: no such file \(file not found\)/],
  ]);
  throwsWith(
    () => new RandomAccessFile(dir),
    /: is a directory, not a checkpoint file \(pass the checkpoint file itself; a tsnas run directory holds model\.pt/,
  );
});

test('datasets: missing folders, empty and garbage files, zero images are named with the layout expected', async () => {
  const cifar = join(dir, 'cifar-empty', 'cifar-10-batches-bin');
  mkdirSync(cifar, { recursive: true });
  for (const b of ['data_batch_1', 'data_batch_2', 'data_batch_3', 'data_batch_4', 'data_batch_5', 'test_batch'])
    writeFileSync(join(cifar, `${b}.bin`), '');
  const mnist = join(dir, 'mnist-zero');
  mkdirSync(mnist);
  const header = (...words: number[]): Buffer =>
    Buffer.from(new Uint32Array(words.map((w) => ((w & 0xff) << 24) | (((w >> 8) & 0xff) << 16) | (((w >> 16) & 0xff) << 8) | (w >>> 24))).buffer);
  for (const p of ['train', 't10k']) {
    writeFileSync(join(mnist, `${p}-images-idx3-ubyte`), header(2051, 0, 28, 28));
    writeFileSync(join(mnist, `${p}-labels-idx1-ubyte`), header(2049, 0));
  }
  for (const [name, layout] of [
    ['cifar10', /cifar-10-batches-bin/],
    ['cifar100', /cifar-100-binary/],
    ['mnist', /an MNIST-style IDX folder/],
    ['fashion-mnist', /an MNIST-style IDX folder/],
    ['imagenet', /train\/<class>/],
    ['imagenet16-120', /ImageNet16/],
  ] as const) {
    await assert.rejects(loadDataset(name, { root: join(dir, 'nope') }), (e: Error) => {
      assert.match(e.message, /nope: folder not found\.\n\s+Expected /, name);
      assert.match(e.message, layout, name);
      return true;
    });
  }
  const data = (dataset: string, folder: string): string[] => [
    'train',
    '--arch',
    'DARTS_V2',
    '--epochs',
    '1',
    ...small,
    '--dataset',
    dataset,
    '--data',
    folder,
    '--workers',
    '0',
    '--out',
    join(dir, 'never-a-run'),
  ];
  await runCases([
    [
      'cifar10: empty batch files',
      data('cifar10', join(dir, 'cifar-empty')),
      /data_batch_1\.bin: the file is empty \(0 bytes\): truncated or corrupt/,
    ],
    ['mnist: a header of 0 images', data('mnist', mnist), /the mnist train split holds no images/],
  ]);
});

test('ImageNet folders: train/ and val/ class sets must match (else every label shifts), empty and corrupt images are named', async () => {
  const root = join(dir, 'imagenet');
  for (const [split, classes] of [
    ['train', ['n01', 'n02', 'n03']],
    ['val', ['n01', 'n03', 'n04']],
  ] as const) {
    for (const c of classes) await writeImage(join(root, split, c, 'a.JPEG'), 8, 8, [200, 10, 10]);
  }
  const differ = /train\/ has 3 class folders and val\/ has 3, and they differ \(missing in val: \[n02\]; extra in val: \[n04\]\)/;
  await assert.rejects(loadDataset('imagenet', { root, split: 'test' }), differ);
  await assert.rejects(loadDataset('imagenet', { root, split: 'train' }), differ);
  throwsWith(() => checkSameClasses('r', ['a', 'b'], ['a', 'b', 'c'], 'x'), /and they differ \(extra in val: \[c\]\)/);
  await runCases([
    [
      'imagenet: class sets differ',
      [
        'train',
        '--arch',
        'DARTS_V2',
        '--epochs',
        '1',
        ...small,
        '--dataset',
        'imagenet',
        '--data',
        root,
        '--workers',
        '0',
        '--out',
        join(dir, 'never-a-run'),
      ],
      differ,
    ],
  ]);

  const loose = join(dir, 'imagenet-loose');
  await writeImage(join(loose, 'train', 'a.JPEG'), 8, 8, [0, 0, 0]);
  throwsWith(
    () => loadImageFolder(loose, 'train'),
    /train: holds no class folders \(1 image files lie directly in it; ImageFolder needs one sub-folder per class\)/,
  );
  mkdirSync(join(dir, 'imagenet-none', 'train'), { recursive: true });
  throwsWith(() => loadImageFolder(join(dir, 'imagenet-none'), 'train'), /train: holds no class folders \(no images at all\)/);
  const emptyClass = join(dir, 'imagenet-empty-class');
  await writeImage(join(emptyClass, 'train', 'n01', 'a.JPEG'), 8, 8, [0, 0, 0]);
  mkdirSync(join(emptyClass, 'train', 'n02'));
  throwsWith(() => loadImageFolder(emptyClass, 'train'), /train\/n02: class folder holds no image files/);

  const { decodeFiles } = await import('../../src/data/batch.js');
  const good = await writeImage(join(dir, 'good.JPEG'), 8, 8, [0, 0, 0]);
  const bad = file('bad.JPEG', readFileSync(good).subarray(0, 40));
  await assert.rejects(decodeFiles([good, bad], 3), /bad\.JPEG: cannot decode the image \(.*\)\.\n\s+Expected a readable JPEG\/PNG image file/);
});
