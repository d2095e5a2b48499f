// Runs a search end to end: data, the method's steps, per-epoch validation and genotype (JSON, repr, SVG),
// metrics, atomic checkpoints (last, best), --resume, and a checkpoint on Ctrl-C.
import {
  DataLoader,
  defaultTransforms,
  FreshBatchSampler,
  type ImageDataset,
  nb201Cifar10Halves,
  nb201TestHalf,
  splitTrainVal,
  subsetDataset,
  type Transform,
} from '../data/index.js';
import type { ProcessGroup } from '../distributed/index.js';
import type { PickleTree } from '../io/index.js';
import { drawGenotype } from '../nas/genotype/draw.js';
import type { AnyGenotype } from '../nas/genotype/genotype.js';
import { drawNb201Arch } from '../nas/genotype/draw.js';
import type { Nb201Arch } from '../nas/genotype/nb201.js';
import type { EpochContext, SearchGenotype, SearchMethod } from '../nas/search/method.js';
import { createSearchMethod, type MethodConfig, searchRunEpochs } from '../nas/search/registry.js';
import { estimateSearchMemory, formatBytes, outOfMemoryHint, searchMemoryLine } from '../nas/search/memory-estimate.js';
import { totalmem } from 'node:os';
import { field, mapOf } from '../nas/search/state.js';
import { openNb201Benchmark } from '../nas/nb201/source.js';
import { openResumableRun, prepareRun, type ResumeChanges, type RunHooks, RunInterrupted } from './session.js';
import { type EpochRunOptions, loadRunDataset, RunLoop } from './run-loop.js';
import { functional as F } from '../nn/index.js';
import { manualSeed, noGrad, type Tensor, tidy } from '../tensor/index.js';
import { evalShard, parallelConfig, parallelNote, samplerShard, sumOverRanks, trainShard } from './parallel.js';
import { Progress } from './progress.js';
import { RunEvents } from './run-events.js';
import type { RunDirectory } from './run-dir.js';

/** Where a search's validation images come from (see SearchOptions.validSplit). */
export const VALID_SPLITS = ['train', 'cifar10-valid', 'xvalid'] as const;
export type ValidSplit = (typeof VALID_SPLITS)[number];

export interface SearchOptions extends EpochRunOptions {
  method: string;
  trainPortion: number;
  /**
   * Where the validation images come from (α's training batches, EvNAS's fitness, the per-epoch validation accuracy):
   * 'train' (default) = the part of the training set trainPortion leaves out (the test set when it is 1);
   * 'cifar10-valid' = NAS-Bench-201's `valid` half of the CIFAR-10 training set, the weights on its `train` half;
   * 'xvalid' = NAS-Bench-201's x-valid half of the CIFAR-100 / ImageNet16-120 test set, the weights on the whole
   * training set.
   */
  validSplit?: ValidSplit;
  /** Cutout of this length on the images of both halves (weights and α / fitness, as the references); 0 / unset: none. */
  cutout?: number;
  /** Method-specific settings (unrolled, lr, noise ...), merged over the method's defaults. */
  methodConfig: MethodConfig;
  /** Write an SVG of the genotype every epoch (needs the Graphviz WASM; on by default). */
  draw: boolean;
}

export interface SearchResult {
  dir: string;
  genotype: AnyGenotype;
  genotypeText: string;
  bestValAccuracy: number;
  svg: { normal: string; reduce: string } | undefined;
  seconds: number;
}

const CHECKPOINT_FORMAT = 'tsnas-search-1';

/** The images that train the weights and the validation images of a search (see SearchOptions.validSplit). */
export async function searchDatasets(o: SearchOptions): Promise<{ train: ImageDataset; val: ImageDataset }> {
  const firstOf = (ds: ImageDataset): ImageDataset => (o.subset !== undefined ? subsetDataset(ds, o.subset) : ds);
  if (o.validSplit === 'cifar10-valid') {
    // NB201's halves index the whole training set; --subset then keeps the first N of each half.
    const halves = nb201Cifar10Halves(await loadRunDataset({ ...o, subset: undefined }, 'train'));
    return { train: firstOf(halves.train), val: firstOf(halves.valid) };
  }
  const full = await loadRunDataset(o, 'train');
  if (o.validSplit === 'xvalid') {
    // NB201's halves index the whole test set; --subset then keeps the first N of the half.
    const xvalid = nb201TestHalf(await loadRunDataset({ ...o, subset: undefined }, 'test'), 'xvalid');
    return { train: full, val: firstOf(xvalid) };
  }
  // trainPortion 1 (one-level methods such as DropNAS): weights train on the whole training set and the per-epoch
  // validation accuracy is measured on the test split (only reported; nothing is trained or selected on it).
  if (o.trainPortion >= 1) {
    return { train: full, val: await loadRunDataset(o, 'test') };
  }
  // Spec §3.1: the training set is split in file order, weights on the first part, α on the rest.
  return splitTrainVal(full, o.trainPortion);
}

/** Top-1 accuracy (%) and mean loss of the method's eval-mode forward over a loader (over every rank's shard). */
async function validate(method: SearchMethod, loader: DataLoader, group: ProcessGroup | undefined): Promise<{ accuracy: number; loss: number }> {
  let correct = 0,
    lossSum = 0,
    n = 0;
  for await (const b of loader) {
    const [loss, acc] = tidy(() => {
      const logits = method.inferLogits(b.x);
      return [noGrad(() => F.crossEntropy(logits, b.y).item()), F.accuracy(logits, b.y, [1])[0]!];
    });
    const bs = b.y.shape[0]!;
    correct += (acc * bs) / 100;
    lossSum += loss * bs;
    n += bs;
    b.x.dispose();
    b.y.dispose();
  }
  [correct, lossSum, n] = sumOverRanks(group, [correct, lossSum, n]) as [number, number, number];
  return { accuracy: n ? (100 * correct) / n : 0, loss: n ? lossSum / n : 0 };
}

/** Top-1 accuracy (%) of any forward over a loader (the EpochContext of methods with an afterEpoch hook). */
async function top1Over(logits: (x: Tensor) => Tensor, loader: DataLoader, group: ProcessGroup | undefined): Promise<number> {
  let correct = 0,
    n = 0;
  for await (const b of loader) {
    const acc = tidy(
      () =>
        F.accuracy(
          noGrad(() => logits(b.x)),
          b.y,
          [1],
        )[0]!,
    );
    const bs = b.y.shape[0]!;
    correct += (acc * bs) / 100;
    n += bs;
    b.x.dispose();
    b.y.dispose();
  }
  [correct, n] = sumOverRanks(group, [correct, n]) as [number, number];
  return n ? (100 * correct) / n : 0;
}

export function runSearch(options: SearchOptions, hooks: RunHooks = {}): Promise<SearchResult> {
  return search(options, undefined, hooks);
}

/** Continues a search from `dir`/checkpoints/last.pt with the options in its config.json. */
export function resumeSearch(dir: string, hooks: RunHooks = {}, changes: ResumeChanges = {}): Promise<SearchResult> {
  return search(undefined, dir, hooks, changes);
}

/**
 * The augmentation of a search's two halves: the same training pipeline, cutout and AutoAugment included, as the
 * references' train_search.py pass one train_transform to both queues (spec ddarts-dartopti §11; EvNAS' S1 fitness
 * images too). Validation accuracy uses the plain pipeline.
 */
export function searchTransforms(
  o: Pick<SearchOptions, 'cutout' | 'autoAugment'>,
  train: ImageDataset,
  val: ImageDataset,
): { train: Transform[]; val: Transform[] } {
  const augmentation = { train: true, cutout: o.cutout ?? 0, autoAugment: o.autoAugment };
  return { train: defaultTransforms(train, augmentation), val: defaultTransforms(val, augmentation) };
}

async function search(
  options: SearchOptions | undefined,
  resumeDir: string | undefined,
  hooks: RunHooks,
  changes: ResumeChanges = {},
): Promise<SearchResult> {
  const started = performance.now();
  const group = hooks.processGroup;
  const runEpochs = (x: SearchOptions): number => searchRunEpochs(x.method, x.epochs, x.methodConfig);
  const prepared = prepareRun('search', options, resumeDir, hooks, changes, runEpochs);
  const o = prepared.options;
  // Every epoch the loop runs, counts and checkpoints: more than --epochs where the method adds its own (DARTOpti).
  const epochs = runEpochs(o);
  const progress = hooks.progress ?? new Progress(`search[${o.method}]`);
  manualSeed(o.seed);
  // Everything that can fail on bad input (data, method options) is checked before the run directory is made.
  const { train, val } = await searchDatasets(o);
  const { train: trainTransforms, val: valTransforms } = searchTransforms(o, train, val);
  // An official benchmark file is read (and a damaged one refused) before the run starts, not at the first epoch's end.
  if (typeof o.methodConfig.benchmark === 'string') openNb201Benchmark(o.methodConfig.benchmark);
  if ((o.methodConfig.space ?? 'darts') === 'darts') {
    // A supernet that cannot fit is refused before its first allocation (which would fail with libtorch's raw
    // message, or get the process killed by the kernel).
    const e = estimateSearchMemory({
      channels: o.channels,
      layers: o.layers,
      batchSize: o.batchSize,
      inputSize: train.height,
      inChannels: train.channels,
      numClasses: train.numClasses,
      unrolled: o.methodConfig.unrolled === true,
    });
    if (e.weightBytes > totalmem() / 2)
      throw new Error(
        `--init-channels ${o.channels} with --layers ${o.layers} makes a supernet whose weights, gradients and optimiser ` +
          `state alone need about ${formatBytes(e.weightBytes)}, more than half of this machine's ${formatBytes(totalmem())} of memory`,
      );
  }
  const method = createSearchMethod(o.method, {
    ...o.methodConfig,
    channels: o.channels,
    layers: o.layers,
    numClasses: train.numClasses,
    inChannels: train.channels,
    device: o.device,
  });
  if (o.trainPortion >= 1 && o.validSplit !== 'xvalid' && method.needsValidationBatch) {
    method.dispose();
    throw new Error(`${o.method} trains α on a held-out part of the training set: --train-portion must be below 1`);
  }
  // What the supernet is, in every checkpoint: a resume refuses a last.pt of another search.
  const metadata = searchMetadata(o, train.numClasses, train.channels);
  if (group && group.size > 1 && !method.distribute) {
    method.dispose();
    throw new Error(`${o.method} has no data-parallel form: run it as one process (without --nproc / torchrun)`);
  }
  const { run, resumeFrom } = openResumableRun(prepared, CHECKPOINT_FORMAT, {
    checkMetadata: (found, path) => checkSearchMetadata(found, metadata, path),
    config: parallelConfig(group, o.syncBatchNorm === true),
    release: () => method.dispose(),
  });
  if (group && group.size > 1) method.distribute!(group, { syncBatchNorm: o.syncBatchNorm });
  const events = o.tensorboard !== false && run.writes ? new RunEvents(run, o.config ?? o) : undefined;
  const parallel = parallelNote(group, o.batchSize);
  if (parallel) progress.note(parallel);
  const memoryLine = searchMemoryLine(method as Parameters<typeof searchMemoryLine>[0], o.batchSize, train.height);
  if (memoryLine) progress.note(memoryLine);
  if (o.validSplit === 'cifar10-valid')
    progress.note(
      `weights train on NAS-Bench-201's train half of the CIFAR-10 training set (${train.length}); validation images: its valid half (${val.length})`,
    );
  else if (o.validSplit === 'xvalid')
    progress.note(`weights train on the whole training set; validation images: NAS-Bench-201's x-valid half of the test set (${val.length})`);
  else if (o.trainPortion >= 1)
    progress.note('weights train on the whole training set; the per-epoch validation accuracy is measured on the test split');
  const trainLoader = new DataLoader(train, {
    batchSize: o.batchSize,
    seed: o.seed,
    transforms: trainTransforms,
    workers: o.workers,
    device: o.device,
    shard: trainShard(group),
  });
  const valSampler = method.needsValidationBatch
    ? new FreshBatchSampler(val, {
        batchSize: o.batchSize,
        seed: o.seed + 1,
        transforms: valTransforms,
        workers: o.workers,
        device: o.device,
        shard: samplerShard(group),
      })
    : undefined;
  const evalLoader = (batchSize: number): DataLoader =>
    new DataLoader(val, { batchSize, shuffle: false, workers: o.workers, device: o.device, shard: evalShard(group) });
  const inferLoader = evalLoader(o.batchSize);

  let best = { accuracy: -1, epoch: -1 };
  let lastSvg: { normal: string; reduce: string } | undefined;
  const loop = new RunLoop({
    kind: 'search',
    prepared,
    run,
    resumeFrom,
    progress,
    hooks,
    epochs,
    loader: trainLoader,
    format: CHECKPOINT_FORMAT,
    metadata,
    events,
    checkpointMinutes: o.checkpointInterval,
    allowedSkips: 0,
    advice: () => `Try a lower --lr (now ${method.learningRate()}) or --arch-lr`,
    interrupted: (signal) => new SearchInterrupted(run.dir, signal),
    content: (runState) => [
      ['method', method.stateDict()],
      ...runState,
      ['val_step', valSampler?.step ?? 0],
      [
        'best',
        new Map<PickleTree, PickleTree>([
          ['accuracy', best.accuracy],
          ['epoch', best.epoch],
        ]),
      ],
    ],
  });

  const epochContext = (epoch: number): EpochContext => ({
    epoch,
    totalEpochs: epochs,
    accuracy: async (logits, opt) => {
      const bs = opt?.batchSize ?? o.batchSize;
      const loader = bs === o.batchSize ? inferLoader : evalLoader(bs);
      try {
        return await top1Over(logits, loader, group);
      } finally {
        if (loader !== inferLoader) await loader.close();
      }
    },
  });

  try {
    return await loop.run({
      restore: (ck) => {
        method.loadStateDict(field(ck, 'method', 'checkpoint'));
        if (valSampler) valSampler.setState({ step: Number(field(ck, 'val_step', 'checkpoint')) });
        const b = mapOf(field(ck, 'best', 'checkpoint'), 'best');
        best = { accuracy: Number(b.get('accuracy')), epoch: Number(b.get('epoch')) };
      },
      startEpoch: (epoch) => method.startEpoch(epoch, epochs),
      step: async (batch) => {
        const valBatch = valSampler ? await valSampler.nextBatch() : undefined;
        let r: ReturnType<SearchMethod['step']>;
        try {
          r = method.step(batch, valBatch);
        } catch (e) {
          throw outOfMemoryHint(e, method as Parameters<typeof outOfMemoryHint>[1], o.batchSize, train.height, totalmem());
        } finally {
          valBatch?.x.dispose();
          valBatch?.y.dispose();
        }
        return { loss: r.loss, accuracy: r.accuracy, lr: method.learningRate() };
      },
      checkedAfterStep: () => method.namedTensors(),
      endEpoch: async (epoch) => {
        // Every rank evaluates (and rank 0 saves) with rank 0's BN statistics.
        method.syncBuffers?.();
        if (method.afterEpoch) await method.afterEpoch(epochContext(epoch));
        const v = await validate(method, inferLoader, group);
        if (!Number.isFinite(v.loss)) throw loop.diverged(epoch, undefined, `the validation loss is ${v.loss}`);
        const g = method.genotype();
        const report = { ...g.report, ...method.epochReport?.() };
        const tag = `epoch-${String(epoch + 1).padStart(3, '0')}`;
        writeGenotypeFiles(run, `genotypes/${tag}`, g);
        if (o.draw && run.writes) {
          lastSvg = await writeDrawing(run, `genotypes/${tag}`, g.value as AnyGenotype);
          await events?.cells(epoch + 1, lastSvg ?? { cell: run.path(`genotypes/${tag}.cell.svg`) });
        }
        const weights = method.labelledArchWeights();
        run.writeJson(`genotypes/${tag}.weights.json`, weights);
        events?.alpha(epoch + 1, weights);
        const isBest = v.accuracy > best.accuracy;
        if (isBest) best = { accuracy: v.accuracy, epoch };
        const reportText = Object.entries(report)
          .map(([k, x]) => ` ${k} ${typeof x === 'number' ? +x.toFixed(4) : x}`)
          .join('');
        return {
          summary: `val loss ${v.loss.toFixed(4)} acc ${v.accuracy.toFixed(2)}%${isBest ? ' (best)' : ''}${reportText}`,
          notes: [`  genotype: ${g.text}`],
          evaluation: { valLoss: v.loss, valAccuracy: v.accuracy, lr: method.learningRate() },
          details: { genotype: g.text, ...report },
          best: isBest,
        };
      },
      saveBest: (epochsDone) => loop.saveCheckpoint('best', epochsDone),
      stopEarly: () => (method.shouldStop?.() ? 'the architecture has settled' : undefined),
      finish: async () => {
        const g = method.genotype();
        writeGenotypeFiles(run, 'genotype', g);
        if (o.draw && run.writes) lastSvg = await writeDrawing(run, 'genotype', g.value as AnyGenotype);
        const seconds = (performance.now() - started) / 1000;
        run.writeJson('result.json', { genotype: g.json, genotypeText: g.text, bestValAccuracy: best.accuracy, bestEpoch: best.epoch + 1, seconds });
        return { dir: run.dir, genotype: g.value as AnyGenotype, genotypeText: g.text, bestValAccuracy: best.accuracy, svg: lastSvg, seconds };
      },
    });
  } finally {
    await Promise.all([trainLoader.close(), valSampler?.close(), inferLoader.close()]);
    method.dispose();
  }
}

/** `stem`.json and .txt, and `stem`.<name>.json / .txt of every other parse the method gives (D-DARTS: both of its own). */
function writeGenotypeFiles(run: RunDirectory, stem: string, g: SearchGenotype): void {
  for (const [suffix, x] of [['', g] as const, ...Object.entries(g.parses ?? {}).map(([name, p]) => [`.${name}`, p] as const)]) {
    run.writeJson(`${stem}${suffix}.json`, x.json);
    run.writeText(`${stem}${suffix}.txt`, x.text + '\n');
  }
}

async function writeDrawing(run: RunDirectory, stem: string, g: AnyGenotype): Promise<{ normal: string; reduce: string } | undefined> {
  if ((g as { kind: string }).kind === 'nb201') {
    // A NAS-Bench-201 cell (one cell type): stem.cell.dot / .svg.
    const c = await drawNb201Arch(g as unknown as Nb201Arch);
    run.writeText(`${stem}.cell.dot`, c.dot);
    run.writeText(`${stem}.cell.svg`, c.svg);
    return undefined;
  }
  const d = await drawGenotype(g);
  run.writeText(`${stem}.normal.dot`, d.normalDot);
  run.writeText(`${stem}.reduce.dot`, d.reduceDot);
  run.writeText(`${stem}.normal.svg`, d.normalSvg);
  run.writeText(`${stem}.reduce.svg`, d.reduceSvg);
  return { normal: run.path(`${stem}.normal.svg`), reduce: run.path(`${stem}.reduce.svg`) };
}

const SEARCH_METADATA_FORMAT = 'tsnas.search/1';

function searchMetadata(o: SearchOptions, numClasses: number, inChannels: number): Record<string, unknown> {
  return {
    format: SEARCH_METADATA_FORMAT,
    method: o.method,
    space: o.methodConfig.space ?? 'darts',
    channels: o.channels,
    layers: o.layers,
    numClasses,
    inChannels,
    unrolled: o.methodConfig.unrolled === true,
  };
}

/** Refuses a checkpoint written by a search of another method, space or supernet size (none recorded: no check). */
function checkSearchMetadata(found: Record<string, unknown> | undefined, expected: Record<string, unknown>, path: string): void {
  if (!found || found.format !== SEARCH_METADATA_FORMAT) return;
  const diffs = Object.keys(expected)
    .filter((k) => k !== 'format' && JSON.stringify(found[k]) !== JSON.stringify(expected[k]))
    .map((k) => `${k} ${JSON.stringify(found[k])} vs ${JSON.stringify(expected[k])}`);
  if (diffs.length > 0)
    throw new Error(`${path}: the checkpoint belongs to another search than the run's config.json (checkpoint vs config): ${diffs.join('; ')}`);
}

/** Thrown after an interrupt (SIGINT, SIGTERM, SIGHUP) once the checkpoint is on disk. */
export class SearchInterrupted extends RunInterrupted {
  constructor(dir: string, signal = 'SIGINT') {
    super('search', dir, signal);
  }
}
