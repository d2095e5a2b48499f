// Data parallelism against one process: 2 ranks on halves of a global batch must train exactly what one process
// trains on the whole batch (networks without batch statistics; with SyncBatchNorm, BN over the joined batch), keep
// the same α and weights on every rank for every method, and work from the CLI: one run directory written by rank 0,
// a signal stopping every rank at the same step, a resume, a refused resume with another number of processes, and
// a killed rank ending the run with an error instead of a hang.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { distributed as dist } from '../../src/index.js';
import { CLI_PATH, syntheticData } from '../helpers/cli.js';
import { failures, runRanks } from './harness.js';

const skip = dist.isGlooAvailable() ? false : 'the addon was built without Gloo (its headers were missing)';
const SCRIPT = fileURLToPath(new URL('./parallel-worker.js', import.meta.url));

function maxDiff(a: readonly number[], b: readonly number[]): number {
  assert.equal(a.length, b.length);
  return a.reduce((m, x, i) => Math.max(m, Math.abs(x - b[i]!)), 0);
}

async function oneAndTwo(scenario: string): Promise<{ one: Record<string, number[]>; ranks: Record<string, number[]>[] }> {
  const one = await runRanks(scenario, 1, { script: SCRIPT });
  const two = await runRanks(scenario, 2, { script: SCRIPT });
  assert.equal(failures([...one, ...two]), '');
  return { one: one[0]!.result as Record<string, number[]>, ranks: two.map((r) => r.result as Record<string, number[]>) };
}

describe('2 ranks equal 1 process on the joined batch (Gloo, loopback)', { skip, timeout: 300_000 }, () => {
  it('training steps of an evaluation network (BN on running statistics): weights within 1e-6, ranks identical', async () => {
    const { one, ranks } = await oneAndTwo('train');
    assert.equal(maxDiff(ranks[0]!.params!, ranks[1]!.params!), 0);
    assert.ok(maxDiff(one.params!, ranks[0]!.params!) < 1e-6, `${maxDiff(one.params!, ranks[0]!.params!)}`);
  });

  it('with SyncBatchNorm, BN over the joined batch: weights and running statistics within 1e-5', async () => {
    const { one, ranks } = await oneAndTwo('trainSyncBn');
    assert.equal(maxDiff(ranks[0]!.params!, ranks[1]!.params!), 0);
    assert.equal(maxDiff(ranks[0]!.buffers!, ranks[1]!.buffers!), 0);
    assert.ok(maxDiff(one.params!, ranks[0]!.params!) < 1e-5, `weights ${maxDiff(one.params!, ranks[0]!.params!)}`);
    assert.ok(maxDiff(one.buffers!, ranks[0]!.buffers!) < 1e-5, `statistics ${maxDiff(one.buffers!, ranks[0]!.buffers!)}`);
  });

  for (const [scenario, what] of [
    ['searchFirstOrder', 'first-order'],
    ['searchSecondOrder', 'second-order (unrolled)'],
  ] as const) {
    it(`a ${what} DARTS search: the same α on both ranks, within 1e-5 of one process`, async () => {
      const { one, ranks } = await oneAndTwo(scenario);
      assert.equal(maxDiff(ranks[0]!.alphas!, ranks[1]!.alphas!), 0);
      assert.equal(maxDiff(ranks[0]!.weights!, ranks[1]!.weights!), 0);
      // α moved far more than the tolerance, so the agreement is not that of untouched values.
      assert.ok((one.moved as unknown as number) > 1e-4, `α moved ${one.moved}`);
      assert.ok(maxDiff(one.alphas!, ranks[0]!.alphas!) < 1e-5, `α ${maxDiff(one.alphas!, ranks[0]!.alphas!)}`);
      assert.ok(maxDiff(one.weights!, ranks[0]!.weights!) < 1e-5, `weights ${maxDiff(one.weights!, ranks[0]!.weights!)}`);
      // α travel in a bucket of their own: each weight step's backward (3) reduces the weights' bucket while it runs;
      // first order, each α step's backward (3 more) reduces only α's; second order gets α's from autograd.grad.
      const stats = ranks[0]!.stats as unknown as dist.ReducerStats;
      assert.equal(stats.buckets, 2);
      assert.equal(stats.bucketsDuringBackward, 3, JSON.stringify(stats));
      assert.equal(stats.backwards, scenario === 'searchFirstOrder' ? 6 : 3, JSON.stringify(stats));
      assert.equal(stats.bucketsAtEnd, scenario === 'searchFirstOrder' ? 3 : 0, JSON.stringify(stats));
    });
  }

  it('every method keeps identical α and weights on both ranks (shared draws: DropNAS masks, noise, EvNAS population)', async () => {
    const two = await runRanks('methodsAgree', 2, { script: SCRIPT, deadlineMs: 240_000 });
    assert.equal(failures(two), '');
    type R = Record<string, { alphas: number[]; weights: number[]; alphasMoved: number }>;
    const [a, b] = two.map((r) => (r.result as { results: R }).results);
    assert.deepEqual(Object.keys(a!).sort(), ['darts', 'ddarts', 'dropnas', 'evnas', 'fairdarts', 'noisydarts']);
    for (const name of Object.keys(a!)) {
      assert.ok(a![name]!.alphas.length > 0 && a![name]!.weights.length > 0, name);
      // The gradient methods' α moved (EvNAS loads each member's decoded α instead of training it).
      if (name !== 'evnas') assert.ok(a![name]!.alphasMoved > 0, `${name}: α did not move`);
      assert.equal(maxDiff(a![name]!.alphas, b![name]!.alphas), 0, `${name} α`);
      assert.equal(maxDiff(a![name]!.weights, b![name]!.weights), 0, `${name} weights`);
    }
  });
});

describe('tsnas search|train --nproc 2 from the CLI', { skip, timeout: 400_000 }, () => {
  const root = mkdtempSync(join(tmpdir(), 'tsnas-nproc-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  const data = syntheticData(64, 4);
  const tiny = ['--init-channels', '4', '--layers', '3', '--batch-size', '8', '--workers', '0'];
  const env = { ...process.env, TSNAS_THREADS: '1' };
  const tsnas = (args: string[], timeout = 240_000) => spawnSync(process.execPath, [CLI_PATH, ...args], { encoding: 'utf8', env, timeout });
  const metrics = (dir: string): Record<string, unknown>[] =>
    readFileSync(join(dir, 'metrics.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);

  it('search (with --sync-bn): one run directory, written once, by rank 0', () => {
    const out = join(root, 'search');
    const r = tsnas(['search', '--nproc', '2', '--method', 'darts', '--sync-bn', ...data, ...tiny, '--epochs', '2', '--no-draw', '--out', out]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal((r.stdout.match(/search finished/g) ?? []).length, 1, r.stdout);
    assert.deepEqual(readdirSync(root), ['search']);
    const config = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')) as { distributed: { worldSize: number; syncBatchNorm: boolean } };
    assert.deepEqual(config.distributed, { worldSize: 2, backend: 'gloo', syncBatchNorm: true });
    const m = metrics(out);
    // 64 images, half for α: 32 per epoch, 16 per rank, batch 8: 2 steps per epoch; each recorded once.
    assert.equal(m.filter((x) => x.type === 'step').length, 4);
    assert.equal(m.filter((x) => x.type === 'epoch').length, 2);
    assert.ok(existsSync(join(out, 'genotype.json')));
    assert.match(r.stderr, /data parallel: 2 processes \(gloo\); batch 8 per process, 16 per step/);
  });

  /**
   * Runs `tsnas train --nproc 2 ... --out out` and calls `act(launcherPid)` every 100 ms until it returns true; resolves
   * with the launcher's exit code and stderr.
   */
  const trainUntil = (out: string, epochs: number, act: (pid: number) => boolean): Promise<{ code: number | null; stderr: string }> => {
    const child = spawn(
      process.execPath,
      [CLI_PATH, 'train', '--nproc', '2', '--arch', 'DARTS_V2', ...data, ...tiny, '--epochs', String(epochs), '--out', out],
      {
        env,
      },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    return new Promise((resolve) => {
      const poll = setInterval(() => {
        if (act(child.pid!)) clearInterval(poll);
      }, 100);
      child.on('close', (code) => {
        clearInterval(poll);
        resolve({ code, stderr });
      });
    });
  };
  const hasEpoch = (out: string): boolean =>
    existsSync(join(out, 'metrics.jsonl')) && readFileSync(join(out, 'metrics.jsonl'), 'utf8').includes('"type":"epoch"');

  it('train: SIGINT to the launcher stops both ranks at the same step with a checkpoint; --resume --nproc 2 finishes it', async () => {
    const out = join(root, 'train');
    const { code, stderr } = await trainUntil(out, 40, (pid) => hasEpoch(out) && process.kill(pid, 'SIGINT'));
    assert.equal(code, 130, stderr);
    assert.ok(existsSync(join(out, 'checkpoints', 'last.pt')), stderr);
    const status = JSON.parse(readFileSync(join(out, 'status.json'), 'utf8')) as { state: string };
    assert.equal(status.state, 'interrupted');
    // One process cannot continue what two started.
    const alone = tsnas(['train', '--resume', out]);
    assert.equal(alone.status, 1);
    assert.match(alone.stderr, /started with 2 processes .* can only continue with 2 processes .*not one process/);
    const resumed = tsnas(['train', '--resume', out, '--nproc', '2']);
    assert.equal(resumed.status, 0, resumed.stderr);
    const m = metrics(out);
    assert.deepEqual(
      m.filter((x) => x.type === 'epoch').map((x) => x.epoch),
      Array.from({ length: 40 }, (_, i) => i + 1),
    );
    assert.ok(existsSync(join(out, 'model.pt')));
  });

  it('a rank killed with SIGKILL ends the run: the other rank fails with an error, the launcher says which rank died', async () => {
    const out = join(root, 'killed');
    const { code, stderr } = await trainUntil(out, 500, (pid) => {
      if (!existsSync(join(out, 'metrics.jsonl'))) return false;
      const ranks = spawnSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' })
        .stdout.trim()
        .split('\n')
        .filter(Boolean);
      const rank1 = ranks.find((r) => readFileSync(`/proc/${r}/environ`, 'latin1').split('\0').includes('RANK=1'));
      return rank1 !== undefined && process.kill(Number(rank1), 'SIGKILL');
    });
    assert.equal(code, 137, stderr);
    assert.match(stderr, /rank 1 was killed by SIGKILL/);
    const status = JSON.parse(readFileSync(join(out, 'status.json'), 'utf8')) as { state: string; error?: string };
    assert.notEqual(status.state, 'running');
  });
});
