// EvNAS (spec §4): the decoding's weights (0.2797 in S1, 0.4046 in S2), the quark0-rule decoding on a hand-built
// chromosome, the GA operators on scripted random numbers (hand-checked), the round-robin weight training and the
// generation step of EvnasSearch, an exact --resume, and the oracle-mode strategies of `tsnas nb201 evolve`.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { Rng } from '../../src/data/rng.js';
import { parseNb201Arch } from '../../src/nas/genotype/nb201.js';
import { DARTS_PRIMITIVES } from '../../src/nas/genotype/primitives.js';
import { loadNb201Table, mutateNb201Arch, randomNb201Arch, runNb201Evolution } from '../../src/nas/nb201/index.js';
import { EvnasSearch } from '../../src/nas/search/evnas.js';
import {
  type Chromosome,
  crossover,
  decodeDarts,
  decodeNb201,
  evolve,
  type Member,
  mutate,
  randomChromosome,
  type RandomSource,
  sampleDistinct,
  sortByFitness,
  tournament,
} from '../../src/nas/search/evnas-ga.js';
import type { EpochContext } from '../../src/nas/search/method.js';
import { manualSeed, randint, randn } from '../../src/tensor/index.js';
import { Progress } from '../../src/train/progress.js';
import { resumeSearch, runSearch, SearchInterrupted, type SearchOptions } from '../../src/train/search-runner.js';

const root = mkdtempSync(join(tmpdir(), 'tsnas-evnas-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** Hands out the given numbers in order and fails when asked for more. */
class Script implements RandomSource {
  private i = 0;
  constructor(private readonly values: readonly number[]) {}
  random(): number {
    if (this.i >= this.values.length) throw new Error(`script exhausted after ${this.values.length} numbers`);
    return this.values[this.i++]!;
  }
  get used(): number {
    return this.i;
  }
}

const softmax = (row: readonly number[]): number[] => {
  const e = row.map(Math.exp);
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
};
const zeros = (r: number, c: number): number[][] => Array.from({ length: r }, () => new Array<number>(c).fill(0));

describe('EvNAS decoding (spec §4.3)', () => {
  test('S1: the chosen op weighs e/(e+7) = 0.2797 (others 0.1029) on selected edges, 1/8 on the others', () => {
    const normal = zeros(14, 8);
    // node 0 (rows 0, 1): sep_conv_3x3 on input 0, dil_conv_5x5 on input 1.
    normal[0]![4] = 2;
    normal[1]![7] = 1;
    // node 1 (rows 2, 3, 4): row 2 has the largest raw non-'none' value (1) but its softmax is swamped by 'none' (9),
    // so the softmax rule keeps rows 4 (sep_conv_5x5 ties dil_conv_5x5 → first) and 3 (skip_connect).
    normal[2] = [9, 1, 0, 0, 0, 0, 0, 0];
    normal[3]![3] = 0.5;
    normal[4]![5] = 3;
    normal[4]![7] = 3;
    const [dn, dr] = decodeDarts([normal, zeros(14, 8)]);
    const picks = (m: number[][]): [number, number][] => m.flatMap((row, e) => row.flatMap((v, k) => (v === 1 ? [[e, k] as [number, number]] : [])));
    // Nodes 2 and 3 are all-zero rows: inputs 0 and 1 (stable order), op max_pool_3x3 (first non-'none' column).
    assert.deepEqual(picks(dn!), [
      [0, 4],
      [1, 7],
      [3, 3],
      [4, 5],
      [5, 1],
      [6, 1],
      [9, 1],
      [10, 1],
    ]);
    assert.deepEqual(picks(dr!), [
      [0, 1],
      [1, 1],
      [2, 1],
      [3, 1],
      [5, 1],
      [6, 1],
      [9, 1],
      [10, 1],
    ]);
    assert.ok(dn!.flat().every((v) => v === 0 || v === 1));
    const selected = new Set(picks(dn!).map(([e]) => e));
    dn!.forEach((row, e) => {
      const w = softmax(row);
      if (selected.has(e)) {
        const k = row.indexOf(1);
        assert.equal(w[k]!.toFixed(4), '0.2797');
        assert.equal(w[k]!.toFixed(5), '0.27971');
        w.forEach((v, j) => j !== k && assert.equal(v.toFixed(5), '0.10290'));
      } else w.forEach((v) => assert.equal(v, 0.125));
    });
  });

  test("S2: per-edge argmax over all 5 ops ('none' included, ties → first); chosen op e/(e+4) = 0.4046, others 0.1489", () => {
    const [d] = decodeNb201([
      [
        [0.9, 0.1, 0.9, 0, 0],
        [0, 0, 0, 0.2, 0.1],
        [0.3, 0.5, 0, 0, 0],
        [0, 0, 0, 0, 1],
        [0, 0, 1, 0, 0],
        [0, 0, 0, 0, 0],
      ],
    ]);
    assert.deepEqual(
      d!.map((row) => row.indexOf(1)),
      [0, 3, 1, 4, 2, 0],
    );
    for (const row of d!) {
      const w = softmax(row);
      assert.equal(w[row.indexOf(1)]!.toFixed(4), '0.4046');
      assert.equal(w[row.indexOf(1)]!.toFixed(5), '0.40461');
      assert.equal(w.filter((v) => v.toFixed(5) === '0.14885').length, 4);
    }
  });
});

describe('GA operators on scripted random numbers', () => {
  const m = (fitness: number | null, rows: number[][]): Member => ({ alphas: [rows], fitness });

  test('sampleDistinct is a partial Fisher–Yates; tournament takes the fittest drawn, ties to the first drawn', () => {
    // n = 5, k = 3: u = 0.5 → swap 0↔2; u = 0.9 → 1 + ⌊3.6⌋ = 4, swap 1↔4; u = 0 → 2 stays: drawn [2, 4, 0].
    assert.deepEqual(sampleDistinct(5, 3, new Script([0.5, 0.9, 0])), [2, 4, 0]);
    const pop = [50, 80, 80, 10, 90].map((f) => m(f, [[0]]));
    assert.equal(tournament(pop, 3, new Script([0.5, 0.9, 0])), 4);
    // Drawn [2, 1, ...]: both 80 → member 2, drawn first. (u = 0.5 → 2; u = 0 → 1 stays; u = 0 → 2 stays.)
    assert.equal(tournament(pop, 3, new Script([0.5, 0, 0])), 2);
    // tsize ≥ population: everybody is drawn; the fittest wins.
    assert.equal(tournament(pop, 10, new Script([0, 0, 0, 0, 0])), 4);
  });

  test('crossover copies whole rows: parent 1 if U ≥ 0.5, else parent 2', () => {
    const p1: Chromosome = [
      [
        [1, 1],
        [2, 2],
        [3, 3],
      ],
    ];
    const p2: Chromosome = [
      [
        [-1, -1],
        [-2, -2],
        [-3, -3],
      ],
    ];
    const s = new Script([0.5, 0.49, 0.9]);
    const child = crossover(p1, p2, s);
    assert.deepEqual(child, [
      [
        [1, 1],
        [-2, -2],
        [3, 3],
      ],
    ]);
    child[0]![0]![0] = 99;
    assert.equal(p1[0]![0]![0], 1, 'rows are copied');
    assert.equal(s.used, 3);
  });

  test('mutation re-samples a row when U < rate, drawing its new values right after', () => {
    const ch: Chromosome = [
      [
        [1, 1],
        [2, 2],
        [3, 3],
      ],
    ];
    const s = new Script([0.05, 0.7, 0.8, 0.1, 0.099, 0.3, 0.4]);
    mutate(ch, 0.1, s);
    assert.deepEqual(ch, [
      [
        [0.7, 0.8],
        [2, 2],
        [0.3, 0.4],
      ],
    ]);
    assert.equal(s.used, 7);
  });

  test('evolve: the elite is carried over as the same object; a child is tournament × tournament → crossover → mutation', () => {
    const A = m(90, [[1], [2]]),
      B = m(50, [[3], [4]]),
      C = m(10, [[5], [6]]);
    const sorted = sortByFitness([C, A, B]);
    assert.deepEqual(sorted, [A, B, C]);
    // Tournament 1: u 0.5 → idx [1,0,2], u 0.9 → [1,2,0]: drawn B, C → B. Tournament 2: u 0, 0 → drawn A, B → A.
    // Crossover(B, A): u 0.6 → B's row 0 [3]; u 0.4 → A's row 1 [2]. Mutation (rate 0.5): u 0.7 keeps row 0,
    // u 0.2 re-samples row 1 → [0.123].
    const s = new Script([0.5, 0.9, 0, 0, 0.6, 0.4, 0.7, 0.2, 0.123]);
    const next = evolve(sorted, { populationSize: 2, tournamentSize: 2, elites: 1, mutationRate: 0.5 }, s);
    assert.equal(next.length, 2);
    assert.equal(next[0], A);
    assert.deepEqual(next[1], { alphas: [[[3], [0.123]]], fitness: null });
    assert.equal(s.used, 9);
    assert.deepEqual(A.alphas, [[[1], [2]]], 'the elite is never mutated');
  });

  test('sortByFitness is stable and puts unevaluated members last', () => {
    const a = m(70, [[1]]),
      b = m(null, [[2]]),
      c = m(70, [[3]]),
      d = m(80, [[4]]);
    assert.deepEqual(sortByFitness([a, b, c, d]), [d, a, c, b]);
  });

  test('a seeded Rng gives the same population and offspring; U[0,1) initialisation', () => {
    const run = (): Member[] => {
      const rng = new Rng(18);
      const pop = Array.from({ length: 6 }, (_, i) => ({
        alphas: randomChromosome(
          [
            [14, 8],
            [14, 8],
          ],
          rng,
        ),
        fitness: i,
      }));
      return evolve(sortByFitness(pop), { populationSize: 6, tournamentSize: 3, elites: 1, mutationRate: 0.1 }, rng);
    };
    assert.deepEqual(run(), run());
    const init = randomChromosome([[6, 5]], new Rng(1))[0]!.flat();
    assert.ok(init.every((v) => v >= 0 && v < 1));
  });
});

const quiet = (): Progress => new Progress('test', process.stderr, true);
const synthetic = { size: 8, classes: 4, count: 48, channels: 1 };

describe('EvnasSearch', () => {
  test('round-robin: batch b trains under member b mod P, whose decoded α̂ is in the network (S2 weight 0.4046)', () => {
    manualSeed(0);
    const s = new EvnasSearch({ space: 'nb201', channels: 4, layers: 1, numClasses: 3, inChannels: 1, populationSize: 3, gaSeed: 5 });
    try {
      const batch = { x: randn([4, 1, 8, 8]), y: randint(0, 3, [4]) };
      s.startEpoch(0, 2);
      for (let b = 0; b < 5; b++) {
        const member = s.population[b % 3]!;
        assert.equal(s.currentMember(), member);
        s.step(batch);
        const alpha = s.arch.tensors()[0]!.toArray() as number[][];
        assert.deepEqual(alpha, decodeNb201(member.alphas)[0]);
        const w = s.arch.tensors()[0]!.softmax(-1).toArray() as number[][];
        for (const row of w) assert.equal(Math.max(...row).toFixed(4), '0.4046');
      }
      assert.ok(s.arch.tensors()[0]!.grad === undefined, 'α receives no gradient');
      // A new epoch restarts the round-robin at member 0; the same epoch (a resume) keeps the counter.
      s.startEpoch(0, 2);
      assert.equal(s.currentMember(), s.population[2]);
      s.startEpoch(1, 2);
      assert.equal(s.currentMember(), s.population[0]);
      assert.equal(s.weightOptimizer.paramGroups[0]!.nesterov, true, 'S2 uses Nesterov (EvNAS.config)');
    } finally {
      s.dispose();
    }
  });

  test('afterEpoch: every member evaluated (S1 in train-mode BN), sorted, best kept as the elite, next generation bred', async () => {
    manualSeed(0);
    const s = new EvnasSearch({
      space: 'darts',
      channels: 4,
      layers: 3,
      numClasses: 3,
      inChannels: 1,
      populationSize: 4,
      tournamentSize: 2,
      gaSeed: 3,
    });
    try {
      const before = [...s.population];
      const fitness = [20, 60, 40, 60];
      let call = 0;
      const modes: boolean[] = [];
      const ctx: EpochContext = {
        epoch: 0,
        totalEpochs: 1,
        accuracy: (logits) => {
          const y = logits(randn([2, 1, 8, 8]));
          assert.deepEqual(y.shape, [2, 3]);
          modes.push(s.net.training);
          return Promise.resolve(fitness[call++]!);
        },
      };
      await s.afterEpoch(ctx);
      assert.equal(call, 4);
      assert.deepEqual(modes, [true, true, true, true], 'S1 fitness uses batch statistics (model.train())');
      // Stable sort: members 1 and 3 tie at 60 → member 1 is the best and the elite.
      assert.equal(s.best, before[1]);
      assert.equal(s.population[0], before[1]);
      assert.equal(s.population.length, 4);
      assert.ok(s.population.slice(1).every((m) => m.fitness === null));
      assert.deepEqual(s.epochReport(), { fitnessBest: 60, fitnessMean: 45 });
      assert.equal(s.genotype().text, s.space.derive(s.archWeights(), { channels: 4, layers: 3, numClasses: 3, inChannels: 1, steps: 4 }).text);
      // The genotype is the quark0 rule on softmax(best chromosome): decode(best) selects exactly its edges and ops.
      const g = s.genotype().value as { normal: [string, number][] };
      const onehot = decodeDarts(before[1]!.alphas)[0]!;
      const fromDecode = onehot.flatMap((row) => row.flatMap((v, k) => (v === 1 ? [DARTS_PRIMITIVES[k]!] : [])));
      assert.deepEqual(g.normal.map(([op]) => op).sort(), fromDecode.sort());
    } finally {
      s.dispose();
    }
  });

  function options(out: string, space: string): SearchOptions {
    return {
      method: 'evnas',
      dataset: 'synthetic',
      epochs: 2,
      channels: 4,
      layers: 3,
      batchSize: 8,
      seed: 4,
      trainPortion: 0.5,
      workers: 0,
      device: 'cpu',
      methodConfig: { space, populationSize: 3, tournamentSize: 2 },
      out,
      draw: false,
      synthetic,
    };
  }

  for (const space of ['darts', 'nb201']) {
    test(`${space}: interrupted + resumed equals uninterrupted (population, fitness, GA RNG, weights)`, async () => {
      const full = await runSearch(options(join(root, `${space}-full`), space), { progress: quiet() });
      const dir = join(root, `${space}-split`);
      // 3 steps per epoch (24 training images, batch 8): stop inside the second epoch.
      await assert.rejects(runSearch(options(dir, space), { progress: quiet(), stopAfterSteps: 4 }), SearchInterrupted);
      const resumed = await resumeSearch(dir, { progress: quiet() });
      assert.equal(resumed.genotypeText, full.genotypeText);
      assert.equal(resumed.bestValAccuracy, full.bestValAccuracy);
      const { readFileSync } = await import('node:fs');
      const epochs = (d: string): unknown[] =>
        readFileSync(join(d, 'metrics.jsonl'), 'utf8')
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l) as Record<string, unknown>)
          .filter((m) => m.type === 'epoch')
          .map((m) => [m.epoch, m.valAccuracy, m.fitnessBest, m.fitnessMean, m.genotype, m.nb201Cifar10Test]);
      assert.deepEqual(epochs(dir).slice(-1), epochs(full.dir).slice(-1));
      const { loadTorchCheckpoint } = await import('../../src/io/index.js');
      const state = (d: string): unknown => {
        const ck = loadTorchCheckpoint(join(d, 'checkpoints', 'last.pt')) as Map<string, unknown>;
        const m = ck.get('method') as Map<string, unknown>;
        return [m.get('population'), m.get('best'), m.get('ga_rng')];
      };
      assert.deepEqual(state(dir), state(full.dir));
    });
  }
});

describe('oracle-mode strategies (tsnas nb201 evolve)', () => {
  test('REA mutation changes exactly one edge to a different op; runs are deterministic per seed', () => {
    const rng = new Rng(9);
    for (let i = 0; i < 200; i++) {
      const a = randomNb201Arch(rng);
      const b = mutateNb201Arch(a, rng);
      const diff = a.nodes.flat().filter((e, k) => e[0] !== b.nodes.flat()[k]![0]);
      assert.equal(diff.length, 1);
    }
    for (const strategy of ['regularized', 'evnas', 'random'] as const) {
      const r1 = runNb201Evolution({ strategy, seed: 3 });
      const r2 = runNb201Evolution({ strategy, seed: 3 });
      assert.deepEqual(r1, r2);
      if (r1.reached) assert.ok(r1.best.accuracy >= 94.0);
      assert.ok(r1.queries <= 2000);
    }
  });

  test('queries count distinct cells up to the first one reaching the target; an unreachable target uses the whole budget', () => {
    const table = loadNb201Table();
    const r = runNb201Evolution({ strategy: 'random', seed: 1, target: 94.0, budget: 15_625 });
    assert.ok(r.reached);
    assert.ok(table.byArch.get(r.best.arch)!.cifar10 >= 94.0);
    const capped = runNb201Evolution({ strategy: 'regularized', seed: 1, target: 101, budget: 50 });
    assert.equal(capped.reached, false);
    assert.equal(capped.queries, 50);
    // target 0: the very first cell queried reaches it.
    assert.equal(runNb201Evolution({ strategy: 'evnas', seed: 1, target: 0 }).queries, 1);
    assert.ok(parseNb201Arch(r.best.arch));
  });
});
