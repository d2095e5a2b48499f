// `tsnas nb201`: the NAS-Bench-201 table without training.
//   tsnas nb201 query '<arch string>' [--json]      200-epoch test accuracies (JSON keys cifar10, cifar100, imagenet16_120)
//   tsnas nb201 best [--dataset cifar10] [--json]    the best cell of a column
//   tsnas nb201 evolve [--strategy regularized|evnas|random|all] [--seeds 10] [--budget N] [--target 94.0] [--dataset cifar10]
//                                                    evolutionary strategies with the table as the fitness oracle
import { type Command, Option } from 'commander';
import {
  bestNb201,
  compareNb201Strategy,
  EVOLVE_DEFAULTS,
  lookupNb201,
  NB201_DATASETS,
  NB201_STRATEGIES,
  type Nb201Dataset,
  type Nb201Strategy,
} from '../../nas/nb201/index.js';
import { floatOption, intOption } from '../../option-values.js';

const DATASET_LABEL: Record<Nb201Dataset, string> = {
  cifar10: 'CIFAR-10 (ori-test)',
  cifar100: 'CIFAR-100 (x-test)',
  imagenet16_120: 'ImageNet16-120 (x-test)',
};

function datasetOption(): Option {
  return new Option('--dataset <name>', 'benchmark column').choices([...NB201_DATASETS]).default('cifar10');
}

export function registerNb201(program: Command): void {
  const nb = program
    .command('nb201')
    .description('NAS-Bench-201: look up 200-epoch test accuracies (seed means) and run evolutionary strategies on the table');

  nb.command('query')
    .description('200-epoch test accuracy (%) of a cell on CIFAR-10, CIFAR-100 and ImageNet16-120; any spelling of the arch string')
    .argument('<arch>', "arch string, e.g. '|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|'")
    .option('--json', 'print {"cifar10": …, "cifar100": …, "imagenet16_120": …}')
    .action((arch: string, o: { json?: boolean }) => {
      const r = lookupNb201(arch);
      if (o.json) {
        process.stdout.write(JSON.stringify({ cifar10: r.cifar10, cifar100: r.cifar100, imagenet16_120: r.imagenet16_120 }) + '\n');
        return;
      }
      process.stdout.write(
        `${r.arch}  (benchmark index ${r.index})\n` +
          NB201_DATASETS.map((d) => `  ${DATASET_LABEL[d].padEnd(24)} ${r[d].toFixed(2)}%\n`).join('') +
          '  (200-epoch test accuracy, mean over seeds; NATS-Bench tss / NAS-Bench-201)\n',
      );
    });

  nb.command('best')
    .description('the best cell of a benchmark column')
    .addOption(datasetOption())
    .option('--json', 'print {"arch": …, "index": …, "cifar10": …, "cifar100": …, "imagenet16_120": …}')
    .action((o: { dataset: Nb201Dataset; json?: boolean }) => {
      const r = bestNb201(o.dataset);
      if (o.json) process.stdout.write(JSON.stringify(r) + '\n');
      else process.stdout.write(`best on ${DATASET_LABEL[o.dataset]}: ${r[o.dataset].toFixed(2)}%  ${r.arch}  (index ${r.index})\n`);
    });

  nb.command('evolve')
    .description(
      'Evolutionary strategies on the table (the oracle is the 200-epoch test accuracy; no training): ' +
        'distinct cells queried until one reaches --target, over --seeds deterministic seeds',
    )
    .addOption(
      new Option('--strategy <s>', 'regularized (ageing evolution, Real et al.), evnas (the EvNAS GA), random, or all')
        .choices([...NB201_STRATEGIES, 'all'])
        .default('regularized'),
    )
    .option('--seeds <n>', 'runs, with seeds seed-base, seed-base+1, …', '10')
    .option('--seed-base <n>', 'first seed', '0')
    .option('--budget <n>', 'most distinct cells queried per run', String(EVOLVE_DEFAULTS.budget))
    .option('--target <acc>', 'target test accuracy (%)', String(EVOLVE_DEFAULTS.target))
    .addOption(datasetOption())
    .option('--population <n>', `population (default: regularized ${EVOLVE_DEFAULTS.reaPopulation}, evnas 50)`)
    .option('--sample-size <n>', `regularized: members sampled per cycle (default ${EVOLVE_DEFAULTS.reaSample})`)
    .option('--json', 'print the summaries (with every run) as JSON')
    .action(
      (o: {
        strategy: string;
        seeds: string;
        seedBase: string;
        budget: string;
        target: string;
        dataset: Nb201Dataset;
        population?: string;
        sampleSize?: string;
        json?: boolean;
      }) => {
        const strategies = o.strategy === 'all' ? NB201_STRATEGIES : [o.strategy as Nb201Strategy];
        const started = performance.now();
        const summaries = strategies.map((strategy) =>
          compareNb201Strategy({
            strategy,
            seeds: intOption(o.seeds, '--seeds', 1),
            seedBase: intOption(o.seedBase, '--seed-base', 0),
            budget: intOption(o.budget, '--budget', 1),
            target: floatOption(o.target, '--target', 0, 100),
            dataset: o.dataset,
            population: o.population ? intOption(o.population, '--population', 1) : undefined,
            sampleSize: o.sampleSize ? intOption(o.sampleSize, '--sample-size', 1) : undefined,
          }),
        );
        if (o.json) {
          process.stdout.write(JSON.stringify(summaries, null, 2) + '\n');
          return;
        }
        for (const s of summaries) {
          const params =
            s.strategy === 'regularized'
              ? `P=${o.population ?? EVOLVE_DEFAULTS.reaPopulation}, S=${o.sampleSize ?? EVOLVE_DEFAULTS.reaSample}, ageing`
              : s.strategy === 'evnas'
                ? `P=${o.population ?? 50}, tournament 10, 1 elite, mutation 0.1`
                : 'uniform';
          process.stdout.write(
            `${s.strategy} (${params}) → ${s.target}% on ${DATASET_LABEL[s.dataset]}, budget ${s.budget}:\n` +
              `  reached in ${s.reached}/${s.runs.length} runs; queries to target: mean ${s.meanQueries.toFixed(1)}, median ${s.medianQueries}, ` +
              `min ${s.minQueries}, max ${s.maxQueries}; mean best ${s.meanBest.toFixed(2)}%\n` +
              `  per seed: ${s.runs.map((r) => `${r.seed}:${r.reached ? r.queries : `>${r.queries}`}`).join(' ')}\n`,
          );
        }
        process.stdout.write(`(${((performance.now() - started) / 1000).toFixed(2)} s)\n`);
      },
    );
}
