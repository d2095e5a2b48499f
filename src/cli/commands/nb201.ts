// `tsnas nb201`: the NAS-Bench-201 benchmark without training.
//   tsnas nb201 query '<arch string>' [--benchmark FILE] [--hp 200] [--json]
//                                                    test accuracies (JSON keys cifar10, cifar100, imagenet16_120); with
//                                                    an official file also train / valid / test, time, params, FLOPs
//   tsnas nb201 best [--dataset cifar10] [--json]    the best cell of a column of the shipped table
//   tsnas nb201 evolve [--strategy regularized|evnas|random|all] [--seeds 10] [--budget N] [--target ACC] [--dataset cifar10]
//                      [--benchmark FILE]            evolutionary strategies with the benchmark as the fitness oracle
import { type Command, Option } from 'commander';
import {
  bestNb201,
  compareNb201Strategy,
  EVOLVE_DEFAULTS,
  NB201_BENCH_DATASETS,
  NB201_COLUMN_DATASETS,
  NB201_DATASETS,
  NB201_HPS,
  NB201_STRATEGIES,
  type Nb201Benchmark,
  type Nb201Dataset,
  type Nb201Hp,
  type Nb201Metrics,
  type Nb201Strategy,
  nb201SignalLabel,
  openNb201Benchmark,
} from '../../nas/nb201/index.js';
import { floatOption, intOption } from '../../option-values.js';

const DATASET_LABEL: Record<Nb201Dataset, string> = {
  cifar10: 'CIFAR-10 (ori-test)',
  cifar100: 'CIFAR-100 (x-test)',
  imagenet16_120: 'ImageNet16-120 (x-test)',
};
const VALID_LABEL: Record<Nb201Dataset, string> = {
  cifar10: 'CIFAR-10 (cifar10-valid, x-valid)',
  cifar100: 'CIFAR-100 (x-valid)',
  imagenet16_120: 'ImageNet16-120 (x-valid)',
};

function datasetOption(): Option {
  return new Option('--dataset <name>', 'benchmark column').choices([...NB201_DATASETS]).default('cifar10');
}

function benchmarkOption(): Option {
  return new Option(
    '--benchmark <file>',
    'official benchmark: NAS-Bench-201-v1_0/v1_1 .pth, a NATS-Bench tss pickle or its -simple folder (default: $TSNAS_NB201_BENCHMARK, else the shipped 200-epoch test-accuracy table)',
  );
}

function openBenchmark(path: string | undefined): Nb201Benchmark {
  const b = openNb201Benchmark(path);
  if (path !== undefined || b.signal === 'valid') process.stderr.write(`NAS-Bench-201: ${b.kind} ${b.source}\n`);
  return b;
}

const fixed = (v: number | undefined, digits: number, width: number): string => (v === undefined ? '–' : v.toFixed(digits)).padStart(width);

function metricsLine(dataset: string, m: Nb201Metrics | undefined): string {
  if (!m) return `  ${dataset.padEnd(15)}  (no results)\n`;
  return (
    `  ${dataset.padEnd(15)}${fixed(m.trainAccuracy, 2, 8)}${fixed(m.validAccuracy, 2, 8)}${fixed(m.testAccuracy, 2, 8)}` +
    `${fixed(m.trainTime, 0, 10)}${fixed(m.params, 3, 10)}${fixed(m.flops, 2, 10)}   ${m.seeds.length ? m.seeds.join(',') : ''}\n`
  );
}

export function registerNb201(program: Command): void {
  const nb = program
    .command('nb201')
    .description('NAS-Bench-201: look up 200-epoch test accuracies (seed means) and run evolutionary strategies on the table');

  nb.command('query')
    .description('200-epoch test accuracy (%) of a cell on CIFAR-10, CIFAR-100 and ImageNet16-120; any spelling of the arch string')
    .argument('<arch>', "arch string, e.g. '|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|'")
    .addOption(benchmarkOption())
    .addOption(
      new Option('--hp <epochs>', 'training protocol: 12 or 200 epochs (official files only have 12)').choices([...NB201_HPS]).default('200'),
    )
    .option(
      '--json',
      'print {"cifar10": …, "cifar100": …, "imagenet16_120": …} (test accuracies), with "index", "arch", "hp", "signal", "source" and, from an official file, "datasets": {cifar10-valid: {trainAccuracy, validAccuracy, testAccuracy, trainTime, params, flops, …}, …}',
    )
    .action((arch: string, o: { benchmark?: string; hp: Nb201Hp; json?: boolean }) => {
      const b = openBenchmark(o.benchmark);
      const m = b.metrics(arch, o.hp);
      const columns = Object.fromEntries(NB201_DATASETS.map((c) => [c, m.datasets[NB201_COLUMN_DATASETS[c].test]?.testAccuracy ?? null]));
      if (o.json) {
        const official = b.signal === 'valid' ? { datasets: m.datasets } : {};
        process.stdout.write(
          `${JSON.stringify({ ...columns, index: m.index, arch: m.arch, hp: m.hp, signal: b.signal, source: b.kind, ...official })}\n`,
        );
        return;
      }
      if (b.signal === 'test') {
        process.stdout.write(
          `${m.arch}  (benchmark index ${m.index})\n` +
            NB201_DATASETS.map((d) => `  ${DATASET_LABEL[d].padEnd(24)} ${(columns[d] as number).toFixed(2)}%\n`).join('') +
            '  (200-epoch test accuracy, mean over seeds; NATS-Bench tss / NAS-Bench-201; the shipped table has no validation accuracies)\n',
        );
        return;
      }
      process.stdout.write(
        `${m.arch}  (benchmark index ${m.index}, ${m.hp} epochs, ${b.kind})\n` +
          `  ${'dataset'.padEnd(15)}${'train'.padStart(8)}${'valid'.padStart(8)}${'test'.padStart(8)}${'time s'.padStart(10)}${'params M'.padStart(10)}${'FLOPs M'.padStart(10)}   seeds\n` +
          NB201_BENCH_DATASETS.map((d) => metricsLine(d, m.datasets[d])).join('') +
          '  (accuracy %, mean over seeds; valid = x-valid, test = ori-test on cifar10 / cifar10-valid, x-test otherwise)\n',
      );
    });

  nb.command('best')
    .description('the best cell of a column of the shipped table (200-epoch test accuracy)')
    .addOption(datasetOption())
    .option('--json', 'print {"arch": …, "index": …, "cifar10": …, "cifar100": …, "imagenet16_120": …}')
    .action((o: { dataset: Nb201Dataset; json?: boolean }) => {
      const r = bestNb201(o.dataset);
      if (o.json) process.stdout.write(JSON.stringify(r) + '\n');
      else process.stdout.write(`best on ${DATASET_LABEL[o.dataset]}: ${r[o.dataset].toFixed(2)}%  ${r.arch}  (index ${r.index})\n`);
    });

  nb.command('evolve')
    .description(
      'Evolutionary strategies on the benchmark, no training: distinct cells queried until one reaches --target, over ' +
        '--seeds deterministic seeds. The oracle is the 200-epoch validation accuracy of an official --benchmark file ' +
        '(test accuracy reported), or the test accuracy of the shipped table',
    )
    .addOption(
      new Option('--strategy <s>', 'regularized (ageing evolution, Real et al.), evnas (the EvNAS GA), random, or all')
        .choices([...NB201_STRATEGIES, 'all'])
        .default('regularized'),
    )
    .option('--seeds <n>', 'runs, with seeds seed-base, seed-base+1, …', '10')
    .option('--seed-base <n>', 'first seed', '0')
    .option('--budget <n>', 'most distinct cells queried per run', String(EVOLVE_DEFAULTS.budget))
    .option(
      '--target <acc>',
      `target accuracy (%) on the oracle's signal (default: ${EVOLVE_DEFAULTS.validTarget} validation with --benchmark, ${EVOLVE_DEFAULTS.target} test on the shipped table)`,
    )
    .addOption(datasetOption())
    .addOption(benchmarkOption())
    .option('--population <n>', `population (default: regularized ${EVOLVE_DEFAULTS.reaPopulation}, evnas 50)`)
    .option('--sample-size <n>', `regularized: members sampled per cycle (default ${EVOLVE_DEFAULTS.reaSample})`)
    .option('--json', 'print the summaries (with every run) as JSON')
    .action(
      (o: {
        strategy: string;
        seeds: string;
        seedBase: string;
        budget: string;
        target?: string;
        dataset: Nb201Dataset;
        benchmark?: string;
        population?: string;
        sampleSize?: string;
        json?: boolean;
      }) => {
        const strategies = o.strategy === 'all' ? NB201_STRATEGIES : [o.strategy as Nb201Strategy];
        const benchmark = openBenchmark(o.benchmark);
        const started = performance.now();
        const summaries = strategies.map((strategy) =>
          compareNb201Strategy({
            strategy,
            seeds: intOption(o.seeds, '--seeds', 1),
            seedBase: intOption(o.seedBase, '--seed-base', 0),
            budget: intOption(o.budget, '--budget', 1),
            target: o.target === undefined ? undefined : floatOption(o.target, '--target', 0, 100),
            dataset: o.dataset,
            benchmark,
            population: o.population ? intOption(o.population, '--population', 1) : undefined,
            sampleSize: o.sampleSize ? intOption(o.sampleSize, '--sample-size', 1) : undefined,
          }),
        );
        if (o.json) {
          process.stdout.write(JSON.stringify(summaries, null, 2) + '\n');
          return;
        }
        process.stdout.write(`oracle: ${nb201SignalLabel(benchmark)}\n`);
        const signal = benchmark.signal === 'valid' ? 'validation' : 'test';
        const label = benchmark.signal === 'valid' ? VALID_LABEL : DATASET_LABEL;
        for (const s of summaries) {
          const params =
            s.strategy === 'regularized'
              ? `P=${o.population ?? EVOLVE_DEFAULTS.reaPopulation}, S=${o.sampleSize ?? EVOLVE_DEFAULTS.reaSample}, ageing`
              : s.strategy === 'evnas'
                ? `P=${o.population ?? 50}, tournament 10, 1 elite, mutation 0.1`
                : 'uniform';
          process.stdout.write(
            `${s.strategy} (${params}) → ${s.target}% ${signal} accuracy on ${label[s.dataset]}, budget ${s.budget}:\n` +
              `  reached in ${s.reached}/${s.runs.length} runs; queries to target: mean ${s.meanQueries.toFixed(1)}, median ${s.medianQueries}, ` +
              `min ${s.minQueries}, max ${s.maxQueries}; mean best ${signal} ${s.meanBest.toFixed(2)}%` +
              (benchmark.signal === 'valid' ? `, its test ${s.meanBestTest.toFixed(2)}%` : '') +
              '\n' +
              `  per seed: ${s.runs.map((r) => `${r.seed}:${r.reached ? r.queries : `>${r.queries}`}`).join(' ')}\n`,
          );
        }
        process.stdout.write(`(${((performance.now() - started) / 1000).toFixed(2)} s)\n`);
      },
    );
}
