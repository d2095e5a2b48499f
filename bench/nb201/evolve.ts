// Evolutionary strategies on NAS-Bench-201 with the benchmark as the oracle: distinct cells queried until one reaches
// the target accuracy on the benchmark's signal (the shipped table: test; an official file: validation), over
// deterministic seeds 0..seeds-1. Seconds, no training.
//
//   npx tsc -p tsconfig.json && node dist/bench/nb201/evolve.js [--seeds 10] [--target ACC] [--dataset cifar10]
//        [--budget 2000] [--benchmark FILE] [--sweep] [--json out.json]
//
// --sweep adds regularised evolution over population × sample size (P ∈ {10, 20, 50}, S ∈ {2, 3, 5, 10}).
import { writeFileSync } from 'node:fs';
import {
  compareNb201Strategy,
  defaultEvolveTarget,
  type EvolveSummary,
  type Nb201Dataset,
  NB201_STRATEGIES,
  nb201SignalLabel,
  openNb201Benchmark,
} from '../../src/nas/nb201/index.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1]! : fallback;
}

const benchmark = openNb201Benchmark(arg('--benchmark', '') || undefined);
const seeds = Number(arg('--seeds', '10'));
const target = Number(arg('--target', String(defaultEvolveTarget(benchmark.signal))));
const budget = Number(arg('--budget', '2000'));
const dataset = arg('--dataset', 'cifar10') as Nb201Dataset;
const started = performance.now();
const rows: (EvolveSummary & { label: string })[] = [];

const line = (label: string, s: EvolveSummary): string =>
  `${label.padEnd(34)} ${`${s.reached}/${s.runs.length}`.padStart(6)} ${s.meanQueries.toFixed(1).padStart(8)} ${String(s.medianQueries).padStart(7)} ` +
  `${String(s.minQueries).padStart(5)} ${String(s.maxQueries).padStart(5)}   ${s.runs.map((r) => (r.reached ? r.queries : `>${r.queries}`)).join(' ')}`;

process.stdout.write(
  `NAS-Bench-201 oracle evolution: target ${target}% on ${dataset}, budget ${budget} distinct cells, seeds 0..${seeds - 1}\n` +
    `oracle: ${nb201SignalLabel(benchmark)}\n`,
);
process.stdout.write(
  `${'strategy'.padEnd(34)} ${'reached'.padStart(6)} ${'mean'.padStart(8)} ${'median'.padStart(7)} ${'min'.padStart(5)} ${'max'.padStart(5)}   per seed\n`,
);
for (const strategy of NB201_STRATEGIES) {
  const label =
    strategy === 'regularized' ? 'regularized (P=10, S=3, ageing)' : strategy === 'evnas' ? 'evnas GA (P=50, t=10, e=1, m=0.1)' : 'random';
  const s = compareNb201Strategy({ strategy, seeds, target, budget, dataset, benchmark });
  rows.push({ ...s, label });
  process.stdout.write(line(label, s) + '\n');
}
if (process.argv.includes('--sweep')) {
  for (const population of [10, 20, 50]) {
    for (const sampleSize of [2, 3, 5, 10]) {
      if (sampleSize > population) continue;
      const label = `regularized P=${population} S=${sampleSize}`;
      const s = compareNb201Strategy({ strategy: 'regularized', seeds, target, budget, dataset, population, sampleSize, benchmark });
      rows.push({ ...s, label });
      process.stdout.write(line(label, s) + '\n');
    }
  }
}
process.stdout.write(`(${((performance.now() - started) / 1000).toFixed(2)} s)\n`);
const out = arg('--json', '');
if (out) writeFileSync(out, JSON.stringify(rows, null, 2) + '\n');
