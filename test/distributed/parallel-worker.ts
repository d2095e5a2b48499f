// One process of a data-parallel equivalence scenario: with WORLD_SIZE 1 it trains on the whole global batch alone;
// with WORLD_SIZE N it joins the group and trains on its rank's rows of the same batch. Prints the trained numbers.
import { distributed as dist, manualSeed, nas, nn, noGrad, ops, optim, type Tensor, tensor, train } from '../../src/index.js';
import { trainStep } from '../../src/train/trainer.js';

const scenario = process.argv[2];
const worldSize = Number(process.env.WORLD_SIZE ?? '1');
const group = worldSize > 1 ? dist.initProcessGroup({ timeoutMs: 60_000 }) : undefined;
const rank = group?.rank ?? 0;
const out = (v: unknown): void => void process.stdout.write(`${JSON.stringify(v)}\n`);

const GLOBAL_BATCH = 8;
const CLASSES = 4;

/** A fixed global batch (no RNG): 1 channel, 8x8. */
function globalBatch(salt: number): { x: Tensor; y: Tensor } {
  const n = GLOBAL_BATCH * 64;
  const x = Float32Array.from({ length: n }, (_, i) => Math.sin(0.37 * i + salt) + 0.5 * Math.cos(0.011 * i * (salt + 1)));
  const y = BigInt64Array.from({ length: GLOBAL_BATCH }, (_, i) => BigInt((i * 3 + salt) % CLASSES));
  return { x: tensor(x, { shape: [GLOBAL_BATCH, 1, 8, 8] }), y: tensor(y, { shape: [GLOBAL_BATCH] }) };
}

/** This rank's rows of a global batch. */
function local(b: { x: Tensor; y: Tensor }): { x: Tensor; y: Tensor } {
  const rows = GLOBAL_BATCH / worldSize;
  return { x: b.x.narrow(0, rank * rows, rows).contiguous(), y: b.y.narrow(0, rank * rows, rows).contiguous() };
}

/** BatchNorm that always normalises with its running statistics: a network without batch statistics. */
function freezeBatchNorm(m: nn.Module): void {
  for (const bn of m.modules())
    if (bn instanceof nn.BatchNorm2d)
      Object.defineProperty(bn, 'training', {
        get: () => false,
        set: () => undefined,
      });
}

const flat = (ts: readonly Tensor[]): number[] => noGrad(() => ts.flatMap((t) => t.flatten().dataNumbers()));

function trainNetwork(syncBatchNorm: boolean): void {
  manualSeed(0);
  const genotype = train.resolveEvalArch('DARTS_V2').genotype;
  const net = train.buildEvalNetwork(genotype, { family: 'cifar', channels: 4, layers: 3, numClasses: CLASSES, auxiliary: true, inChannels: 1 });
  // Rank 1 starts from other weights: DDP's broadcast must replace them.
  if (rank > 0) noGrad(() => ops.foreachAdd_(net.parameters(), 0.5));
  if (syncBatchNorm && group) dist.convertSyncBatchNorm(net, group);
  if (!syncBatchNorm) freezeBatchNorm(net);
  const ddp = group ? new dist.DistributedDataParallel(net, { processGroup: group }) : undefined;
  const opt = new optim.SGD(net.parameters(), { lr: 0.1, momentum: 0.9, weightDecay: 3e-4 });
  net.train();
  for (let step = 0; step < 3; step++) {
    const b = globalBatch(step);
    trainStep(net, opt, local(b), { gradClip: 5, auxiliaryWeight: 0.4, skipNonFinite: true, processGroup: group });
  }
  out({ rank, params: flat(net.parameters()), buffers: flat(net.buffers().filter((t) => t.dtype === 'float32')), stats: ddp?.reducer.stats() });
}

function search(unrolled: boolean): void {
  manualSeed(0);
  const method = new nas.DartsSearch({ channels: 4, layers: 3, numClasses: CLASSES, inChannels: 1, unrolled });
  freezeBatchNorm(method.net);
  if (group) method.distribute(group);
  const initial = flat(method.arch.tensors());
  for (let step = 0; step < 3; step++) {
    const t = globalBatch(step);
    const v = globalBatch(step + 10);
    method.step(local(t), local(v));
  }
  const alphas = flat(method.arch.tensors());
  const moved = alphas.reduce((m, a, i) => Math.max(m, Math.abs(a - initial[i]!)), 0);
  out({ rank, alphas, moved, weights: flat(method.net.parameters()), genotype: method.genotype().text, stats: method.dataParallel?.reducer.stats() });
}

/** Every method, two steps with its own random draws: the ranks must end with the same α and weights. */
function methodsAgree(): void {
  const results: Record<string, { alphas: number[]; weights: number[]; alphasMoved: number }> = {};
  for (const name of ['darts', 'fairdarts', 'noisydarts', 'dropnas', 'ddarts', 'evnas']) {
    manualSeed(1);
    const method = nas.createSearchMethod(name, { channels: 4, layers: 3, numClasses: CLASSES, inChannels: 1, device: 'cpu' });
    method.distribute!(group!);
    const alphasOf = (): number[] =>
      flat(
        method
          .namedTensors()
          .filter(([n]) => n.startsWith('alpha'))
          .map(([, t]) => t),
      );
    const before = alphasOf();
    for (let step = 0; step < 2; step++)
      method.step(local(globalBatch(step)), method.needsValidationBatch ? local(globalBatch(step + 10)) : undefined);
    const named = method.namedTensors();
    const alphas = alphasOf();
    results[name] = {
      alphas,
      alphasMoved: alphas.reduce((m, a, i) => Math.max(m, Math.abs(a - before[i]!)), 0),
      weights: flat(named.filter(([n]) => !n.startsWith('alpha') && !/running_|num_batches/.test(n)).map(([, t]) => t)),
    };
    method.dispose();
  }
  out({ rank, results });
}

const scenarios: Record<string, () => void> = {
  train: () => trainNetwork(false),
  trainSyncBn: () => trainNetwork(true),
  searchFirstOrder: () => search(false),
  searchSecondOrder: () => search(true),
  methodsAgree,
};
const run = scenarios[scenario ?? ''];
if (!run) throw new Error(`unknown scenario ${scenario}`);
run();
