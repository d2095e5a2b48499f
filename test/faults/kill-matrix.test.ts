// SIGKILL, SIGTERM and SIGINT during search (first order, second order, DropNAS, EvNAS) and training, each resumed
// with --resume: the run must end with the same result.json, genotype and metrics.jsonl as an uninterrupted run
// (timings aside), and status.json must say what happened in between.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { assertSucceeds, signalAfterSteps, tsnas } from './harness.js';
import { syntheticData } from '../helpers/cli.js';

const root = mkdtempSync(join(tmpdir(), 'tsnas-kill-'));
after(() => rmSync(root, { recursive: true, force: true }));

// 96 images: 48 + 48 for the bilevel methods (6 steps of 8 per epoch), 96 for DropNAS and training.
const data = syntheticData(96, 4);
const tinySearch = ['--epochs', '2', '--init-channels', '4', '--layers', '3', '--batch-size', '8', '--no-draw', ...data];

interface Case {
  name: string;
  command: 'search' | 'train';
  args: string[];
  /** Step records in a run (to place the signals: one in the first epoch, two in the second). */
  steps: number;
}

const cases: Case[] = [
  { name: 'DARTS first order', command: 'search', args: ['--method', 'darts', ...tinySearch], steps: 12 },
  { name: 'DARTS second order', command: 'search', args: ['--method', 'darts', '--unrolled', ...tinySearch], steps: 12 },
  { name: 'DropNAS', command: 'search', args: ['--method', 'dropnas', ...tinySearch], steps: 24 },
  { name: 'EvNAS', command: 'search', args: ['--method', 'evnas', '--population', '4', '--tournament-size', '2', ...tinySearch], steps: 12 },
  {
    name: 'train',
    command: 'train',
    args: [
      '--arch',
      'DARTS_V2',
      '--epochs',
      '2',
      '--init-channels',
      '4',
      '--layers',
      '3',
      '--batch-size',
      '16',
      '--auxiliary',
      '--cutout',
      '--cutout-length',
      '4',
      ...data,
    ],
    steps: 12,
  },
];

const TIMING = new Set(['time', 'seconds', 'imagesPerSecond']);

function records(dir: string): Record<string, unknown>[] {
  return readFileSync(join(dir, 'metrics.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => Object.fromEntries(Object.entries(JSON.parse(l) as Record<string, unknown>).filter(([k]) => !TIMING.has(k))));
}

function outcome(dir: string): { result: unknown; genotype: string | undefined; metrics: Record<string, unknown>[] } {
  const result = JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8')) as Record<string, unknown>;
  delete result.seconds;
  return {
    result,
    genotype: existsSync(join(dir, 'genotype.txt')) ? readFileSync(join(dir, 'genotype.txt'), 'utf8') : undefined,
    metrics: records(dir),
  };
}

describe('kill -9, SIGTERM and SIGINT, then --resume, give the uninterrupted run', () => {
  for (const c of cases) {
    test(c.name, async () => {
      const baseline = join(root, `${c.name}-baseline`.replace(/\W+/g, '-'));
      assertSucceeds(tsnas([c.command, ...c.args, '--out', baseline]));
      const expected = outcome(baseline);
      assert.equal(expected.metrics.filter((m) => m.type === 'step').length, c.steps, 'steps per run');

      // SIGTERM in the first epoch; SIGINT and SIGKILL one step into the second (a kill -9 there loses the step
      // after the epoch's checkpoint, which the resume must redo without a duplicate record), leaving the run several
      // steps to spare so that a slow machine still interrupts it before it ends.
      const plan: [NodeJS.Signals, number][] = [
        ['SIGTERM', 2],
        ['SIGINT', c.steps / 2 + 1],
        ['SIGKILL', c.steps / 2 + 1],
      ];
      for (const [signal, at] of plan) {
        const dir = join(root, `${c.name}-${signal}`.replace(/\W+/g, '-'));
        const r = await signalAfterSteps([c.command, ...c.args, '--out', dir], dir, at, signal);
        const status = JSON.parse(readFileSync(join(dir, 'status.json'), 'utf8')) as { state: string; signal?: string; pid: number };
        if (signal === 'SIGKILL') {
          assert.equal(r.signal, 'SIGKILL');
          assert.equal(status.state, 'running', 'a killed run cannot say more than that it was running');
          const s = tsnas(['runs', dir]);
          assertSucceeds(s);
          assert.match(s.stdout, /died/, 'tsnas runs tells a dead run from a live one');
        } else {
          assert.equal(r.status, signal === 'SIGTERM' ? 143 : 130, `${signal}: exit code\n${r.stderr}`);
          assert.match(r.stderr, new RegExp(`interrupted by ${signal}.*--resume`, 's'));
          assert.equal(status.state, 'interrupted');
          assert.equal(status.signal, signal);
          assert.ok(existsSync(join(dir, 'checkpoints', 'last.pt')), 'the signal left a checkpoint');
        }
        assert.ok(!existsSync(join(dir, 'result.json')), `${signal} came too late: the run had finished`);
        const resumed = tsnas([c.command, '--resume', dir]);
        assertSucceeds(resumed);
        const got = outcome(dir);
        assert.deepEqual(got.result, expected.result, `${signal}: result.json`);
        assert.equal(got.genotype, expected.genotype, `${signal}: genotype`);
        assert.deepEqual(got.metrics, expected.metrics, `${signal}: metrics.jsonl`);
        const after = JSON.parse(readFileSync(join(dir, 'status.json'), 'utf8')) as { state: string; resumes: unknown[] };
        assert.equal(after.state, 'finished');
        assert.equal(after.resumes.length, 1);
      }
    });
  }
});
