// The local launcher with real processes: `tsnas launch` (and search's --nproc) started as a child of this test, so
// that the signals sent to it never reach the test runner, and ranks that print, fail, or handle signals.
// Plus the rank environment's checks (src/distributed/env.ts).
import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, test } from 'node:test';
import { type RankEnvironment, rankDevice, rankEnvironment, threadsPerRank } from '../../src/distributed/env.js';
import { withoutLaunchOptions } from '../../src/cli/launch.js';
import type { RankScript } from './launch-rank.js';
import { CLI_PATH, syntheticData } from '../helpers/cli.js';

const RANK_PATH = fileURLToPath(new URL('./launch-rank.js', import.meta.url));
const LAUNCH_MODULE = new URL('../../src/cli/launch.js', import.meta.url).href;
const TIMEOUT = { timeout: 60_000 };
const root = mkdtempSync(join(tmpdir(), 'tsnas-launch-'));
after(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;
const freshDir = (): string => mkdtempSync(join(root, `${dirs++}-`));

describe('rankEnvironment', () => {
  const good = {
    RANK: '1',
    WORLD_SIZE: '4',
    LOCAL_RANK: '1',
    LOCAL_WORLD_SIZE: '2',
    MASTER_ADDR: 'node-0.cluster',
    MASTER_PORT: '29500',
    GROUP_RANK: '0',
  };

  test('reads what torchrun sets; nothing without WORLD_SIZE', () => {
    assert.equal(rankEnvironment({ RANK: '0', PATH: '/bin' }), undefined);
    assert.deepEqual(rankEnvironment(good), {
      rank: 1,
      worldSize: 4,
      localRank: 1,
      localWorldSize: 2,
      masterAddr: 'node-0.cluster',
      masterPort: 29500,
      groupRank: 0,
    });
    const { GROUP_RANK: _, ...withoutGroup } = good;
    assert.equal(rankEnvironment(withoutGroup)!.groupRank, undefined);
    const one = { RANK: '0', WORLD_SIZE: '1', LOCAL_RANK: '0', LOCAL_WORLD_SIZE: '1', MASTER_ADDR: '127.0.0.1', MASTER_PORT: '1' };
    assert.equal(rankEnvironment(one)!.worldSize, 1);
  });

  test('names each bad or missing variable and its value, and where such variables come from', () => {
    const bad: [Record<string, string | undefined>, RegExp][] = [
      [{ WORLD_SIZE: '0' }, /WORLD_SIZE='0' must be an integer in \[1, /],
      [{ WORLD_SIZE: 'four' }, /WORLD_SIZE='four'/],
      [{ WORLD_SIZE: '' }, /WORLD_SIZE=''/],
      [{ RANK: '4' }, /RANK='4' must be an integer in \[0, 3\] \(WORLD_SIZE=4\)/],
      [{ RANK: '-1' }, /RANK='-1'/],
      [{ RANK: '1.0' }, /RANK='1.0'/],
      [{ RANK: undefined }, /RANK is not set, but WORLD_SIZE is \(4\)/],
      [{ LOCAL_WORLD_SIZE: '5' }, /LOCAL_WORLD_SIZE='5' must be an integer in \[1, 4\]/],
      [{ LOCAL_WORLD_SIZE: undefined }, /LOCAL_WORLD_SIZE is not set/],
      [{ LOCAL_RANK: '2' }, /LOCAL_RANK='2' must be an integer in \[0, 1\] \(LOCAL_WORLD_SIZE=2\)/],
      [{ LOCAL_RANK: ' 1' }, /LOCAL_RANK=' 1'/],
      [{ MASTER_ADDR: '' }, /MASTER_ADDR='' must be the host/],
      [{ MASTER_ADDR: undefined }, /MASTER_ADDR is not set/],
      [{ MASTER_PORT: '0' }, /MASTER_PORT='0' must be an integer in \[1, 65535\]/],
      [{ MASTER_PORT: '65536' }, /MASTER_PORT='65536'/],
      [{ MASTER_PORT: undefined }, /MASTER_PORT is not set/],
      [{ GROUP_RANK: 'a' }, /GROUP_RANK='a'/],
    ];
    for (const [change, message] of bad) {
      const env = { ...good, ...change };
      assert.throws(() => rankEnvironment(env), message, JSON.stringify(change));
      assert.throws(() => rankEnvironment(env), /torchrun or `tsnas search\|train --nproc N` set them/);
    }
  });

  test("rankDevice: cuda is the local rank's GPU; one explicit GPU for several local ranks is refused", () => {
    const env = (localRank: number, localWorldSize: number): RankEnvironment => ({
      rank: localRank,
      worldSize: localWorldSize,
      localRank,
      localWorldSize,
      masterAddr: '127.0.0.1',
      masterPort: 29500,
    });
    assert.equal(rankDevice('cuda', env(3, 8)), 'cuda:3');
    assert.equal(rankDevice('cpu', env(3, 8)), 'cpu');
    assert.equal(rankDevice('cuda:2', env(0, 1)), 'cuda:2');
    assert.equal(rankDevice('cuda:1', env(1, 2)), 'cuda:1');
    assert.throws(() => rankDevice('cuda:1', env(0, 2)), /--device cuda:1: all 2 ranks on this machine would share GPU 1; give --device cuda/);
  });

  test('threadsPerRank: an equal share of the cores, at least one', () => {
    assert.equal(threadsPerRank(16, 3), 5);
    assert.equal(threadsPerRank(8, 1), 8);
    assert.equal(threadsPerRank(2, 4), 1);
  });
});

test('withoutLaunchOptions drops --nproc and --master-port in both spellings, up to --', () => {
  const args = ['search', '--nproc', '2', '--epochs', '1', '--master-port=1234', '--nproc=3', '--out', 'r', '--', '--nproc', '2'];
  assert.deepEqual(withoutLaunchOptions(args), ['search', '--epochs', '1', '--out', 'r', '--', '--nproc', '2']);
});

interface Ended {
  status: number | null;
  stdout: string;
  stderr: string;
}

interface Launcher {
  child: ChildProcess;
  stdout(): string;
  ended: Promise<Ended>;
}

/** A launcher process (node + `args`) with its output collected. */
function start(args: string[], o: { env?: NodeJS.ProcessEnv; detached?: boolean } = {}): Launcher {
  const child = spawn(process.execPath, args, { env: o.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'], detached: o.detached });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d));
  child.stderr!.on('data', (d: Buffer) => (stderr += d));
  const ended = new Promise<Ended>((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr })));
  return { child, stdout: () => stdout, ended };
}

/** `tsnas launch --nproc N [extra] -- node launch-rank.js SCRIPT`. */
function launch(nproc: number, script: RankScript, o: { env?: NodeJS.ProcessEnv; detached?: boolean; extra?: string[] } = {}): Launcher {
  const args = [CLI_PATH, 'launch', '--nproc', String(nproc), ...(o.extra ?? []), '--', process.execPath, RANK_PATH, JSON.stringify(script)];
  return start(args, o);
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setTimeout(r, 20));
}

const allReady = (dir: string, n: number) => (): boolean => Array.from({ length: n }, (_, r) => join(dir, `ready-${r}`)).every(existsSync);

function envWithout(...names: string[]): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const n of names) delete env[n];
  return env;
}

/** The JSON line each rank printed: rank 0's as it is, the others' after their prefix. */
function printedEnvs(stdout: string, nproc: number): Record<string, string | undefined>[] {
  return Array.from({ length: nproc }, (_, r) => {
    const line = r === 0 ? /^(\{.*\})$/m.exec(stdout) : new RegExp(`\\[rank ${r}\\] (\\{.*\\})$`, 'm').exec(stdout);
    assert.ok(line, `no environment line of rank ${r} in:\n${stdout}`);
    return JSON.parse(line[1]!) as Record<string, string | undefined>;
  });
}

test('every rank gets its own RANK and the same WORLD_SIZE and MASTER_PORT; the cores are split; ranks > 0 are prefixed', TIMEOUT, async () => {
  const r = await launch(3, { printEnv: true }, { env: envWithout('TSNAS_THREADS', 'OMP_NUM_THREADS', 'WORLD_SIZE') }).ended;
  assert.equal(r.status, 0, r.stderr);
  const envs = printedEnvs(r.stdout, 3);
  const threads = String(Math.max(1, Math.floor(availableParallelism() / 3)));
  const port = envs[0]!.MASTER_PORT!;
  assert.match(port, /^\d+$/);
  envs.forEach((e, rank) =>
    assert.deepEqual(e, {
      RANK: String(rank),
      WORLD_SIZE: '3',
      LOCAL_RANK: String(rank),
      LOCAL_WORLD_SIZE: '3',
      GROUP_RANK: '0',
      MASTER_ADDR: '127.0.0.1',
      MASTER_PORT: port,
      TSNAS_THREADS: threads,
      OMP_NUM_THREADS: threads,
    }),
  );
  // Whole lines, each prefixed once, even the last one a rank left without a newline.
  for (const rank of [1, 2]) {
    assert.match(r.stdout, new RegExp(`^\\[rank ${rank}\\] unterminated line of rank ${rank}$`, 'm'));
    assert.match(r.stderr, new RegExp(`^\\[rank ${rank}\\] stderr of rank ${rank}$`, 'm'));
  }
  assert.match(r.stderr, /^stderr of rank 0$/m);
  assert.match(r.stdout, /unterminated line of rank 0/);
  assert.doesNotMatch(r.stdout + r.stderr, /\[rank 0\]/);
});

test('TSNAS_THREADS set by the user and --master-port are kept', TIMEOUT, async () => {
  const env = { ...envWithout('OMP_NUM_THREADS', 'WORLD_SIZE'), TSNAS_THREADS: '1' };
  const r = await launch(2, { printEnv: true }, { env, extra: ['--master-port', '29533'] }).ended;
  assert.equal(r.status, 0, r.stderr);
  for (const e of printedEnvs(r.stdout, 2)) {
    assert.equal(e.TSNAS_THREADS, '1');
    assert.equal(e.OMP_NUM_THREADS, undefined);
    assert.equal(e.MASTER_PORT, '29533');
  }
});

test('a rank that exits with code 3 stops the others with SIGTERM; the launcher exits 3', TIMEOUT, async () => {
  const readyDir = freshDir();
  const r = await launch(3, { readyDir, lastRank: { exit: 3 } }).ended;
  assert.equal(r.status, 3, r.stderr);
  assert.match(r.stderr, /^tsnas launch: rank 2 exited with code 3; stopping the other ranks \(SIGTERM, then SIGKILL after 30 s\)$/m);
  assert.match(r.stdout, /^rank 0 got SIGTERM$/m);
  assert.match(r.stdout, /^\[rank 1\] rank 1 got SIGTERM$/m);
});

test('a rank killed by a signal: the launcher names it and exits 128 + its number', TIMEOUT, async () => {
  const readyDir = freshDir();
  const r = await launch(2, { readyDir, lastRank: { signal: 'SIGKILL' } }).ended;
  assert.equal(r.status, 137, r.stderr);
  assert.match(r.stderr, /rank 1 was killed by SIGKILL; stopping the other ranks/);
  assert.match(r.stdout, /^rank 0 got SIGTERM$/m);
});

test('ranks that ignore SIGTERM after a failure are killed once the grace period is over', TIMEOUT, async () => {
  const readyDir = freshDir();
  const script: RankScript = { readyDir, lastRank: { exit: 3 }, stubborn: true };
  const driver =
    `import { launchRanks } from '${LAUNCH_MODULE}';\n` +
    `process.exitCode = await launchRanks({ nproc: 3, command: process.execPath, args: ${JSON.stringify([RANK_PATH, JSON.stringify(script)])}, graceMs: 300 });`;
  const r = await start(['--input-type=module', '-e', driver]).ended;
  assert.equal(r.status, 3, r.stderr);
  assert.match(r.stderr, /rank 2 exited with code 3; stopping the other ranks \(SIGTERM, then SIGKILL after 0.3 s\)/);
  assert.match(r.stdout, /^rank 0 ignores SIGTERM$/m);
  assert.match(r.stdout, /^\[rank 1\] rank 1 ignores SIGTERM$/m);
});

test('a command that cannot be started: the launcher says so and exits 127, as a shell does', TIMEOUT, async () => {
  const missing = join(root, 'no-such-program');
  // In a process group of its own: a launcher that signalled its group (kill(0, ...) through a rank without a pid)
  // would then end by SIGTERM here instead of taking the test runner along.
  const r = await start([CLI_PATH, 'launch', '--nproc', '4', '--', missing], { detached: true }).ended;
  assert.equal(r.status, 127, r.stderr);
  assert.match(r.stderr, /tsnas launch: rank [01] could not start \(spawn .*no-such-program ENOENT\); stopping the other ranks/);
});

for (const [signal, status, toGroup] of [
  ['SIGINT', 130, true],
  ['SIGTERM', 143, false],
] as const) {
  test(
    `${signal} to the launcher${toGroup ? "'s process group (Ctrl-C)" : ''} reaches every rank once; the launcher exits ${status}`,
    TIMEOUT,
    async () => {
      const readyDir = freshDir();
      // Its own process group, as a shell gives a job, so that the test can signal the group as a terminal does.
      const l = launch(3, { readyDir }, { detached: true });
      await until(allReady(readyDir, 3));
      process.kill(toGroup ? -l.child.pid! : l.child.pid!, signal);
      const r = await l.ended;
      assert.equal(r.status, status, r.stderr);
      for (const rank of [0, 1, 2]) {
        const got = r.stdout.match(new RegExp(`rank ${rank} got ${signal}$`, 'gm')) ?? [];
        assert.equal(got.length, 1, `rank ${rank} got ${signal} ${got.length} times:\n${r.stdout}`);
      }
      assert.match(r.stdout, /^\[rank 2\] rank 2 got/m);
    },
  );
}

test('a second SIGINT kills ranks that did not stop on the first', TIMEOUT, async () => {
  const readyDir = freshDir();
  const l = launch(2, { readyDir, stubborn: true });
  await until(allReady(readyDir, 2));
  l.child.kill('SIGINT');
  await until(() => /^rank 0 ignores SIGINT$/m.test(l.stdout()) && /^\[rank 1\] rank 1 ignores SIGINT$/m.test(l.stdout()));
  l.child.kill('SIGINT');
  // The ranks would otherwise live for a minute: this ends only because they were killed.
  assert.equal((await l.ended).status, 130);
});

describe('search and train --nproc', () => {
  const tsnas = (args: string[], env: NodeJS.ProcessEnv = envWithout('WORLD_SIZE')) =>
    spawnSync(process.execPath, [CLI_PATH, ...args], { encoding: 'utf8', env: { ...env, TSNAS_THREADS: '1' }, timeout: 120_000 });

  test('options are checked once, before any rank starts', TIMEOUT, () => {
    const r = tsnas(['search', '--nproc', '2', '--epochs', '0', ...syntheticData(16)]);
    assert.equal(r.status, 1, r.stderr);
    assert.equal((r.stderr.match(/tsnas: --epochs must be an integer >= 1/g) ?? []).length, 1, r.stderr);
    assert.doesNotMatch(r.stderr, /tsnas launch: rank/);
  });

  test('--resume takes --nproc; the ranks run the command line without it', TIMEOUT, () => {
    const r = tsnas(['train', '--resume', join(root, 'no-such-run'), '--nproc', '2']);
    assert.equal(r.status, 1, r.stderr);
    assert.doesNotMatch(r.stderr, /cannot be given with it/);
    assert.doesNotMatch(r.stderr, /--nproc cannot/);
    assert.match(r.stderr, /no-such-run/);
    assert.match(r.stderr, /tsnas launch: rank [01] exited with code 1/);
  });

  test('bad launch options are refused, naming the option', TIMEOUT, () => {
    const refused = (args: string[], message: RegExp, env?: NodeJS.ProcessEnv): void => {
      const r = tsnas(args, env);
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stderr, message);
      assert.doesNotMatch(r.stderr, /tsnas launch: rank/);
    };
    refused(['search', '--nproc', '0'], /--nproc must be an integer in \[1, 1024\], got '0'/);
    refused(['train', '--nproc', 'two'], /--nproc must be an integer/);
    refused(['search', '--master-port', '29500'], /--master-port .* needs --nproc 2 or more/);
    refused(['train', '--nproc', '2'], /--nproc cannot be used under torchrun: torchrun \(or `tsnas launch`\) already started the ranks/, {
      ...process.env,
      WORLD_SIZE: '2',
    });
    refused(['launch', '--', process.execPath, '-e', ''], /--nproc <n> is required/);
  });
});
