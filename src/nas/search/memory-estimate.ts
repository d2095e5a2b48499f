// An estimate of a DARTS-space search's memory before it starts (spec §2.1 network, the fast paths of nn/fast-paths):
// what autograd keeps from one forward pass for its backward (the activation memory, which grows with the batch),
// plus the weights, their gradients and the optimiser state. It walks the supernet's cells with their channel counts
// and map sizes and counts, per candidate op, the tensors the op's backward needs; the search runner prints it, and
// an out-of-memory error is answered with the batch size the estimate says fits.
import { fastPaths } from '../../nn/index.js';
import { DARTS_PRIMITIVES } from '../genotype/primitives.js';
import { opSpec } from '../ops/registry.js';
import { reductionIndices } from '../cell-plan.js';

export interface SearchMemoryConfig {
  channels: number;
  layers: number;
  batchSize: number;
  /** Input height = width (32 for CIFAR). */
  inputSize: number;
  inChannels?: number;
  numClasses?: number;
  steps?: number;
  multiplier?: number;
  stemMultiplier?: number;
  primitives?: readonly string[];
  /** Second-order DARTS keeps a few more copies of the weights. */
  unrolled?: boolean;
  /** Bytes per activation element: 4 (float32), 2 under float16 / bfloat16 autocast. */
  bytesPerElement?: number;
}

export interface SearchMemoryEstimate {
  /** Tensors kept for backward by one forward pass, plus the backward's working set. */
  activationBytes: number;
  /** activationBytes / batch size. */
  perSampleBytes: number;
  /** Weights, gradients, momentum (and the second-order copies). */
  weightBytes: number;
  totalBytes: number;
  parameters: number;
}

export function estimateSearchMemory(c: SearchMemoryConfig): SearchMemoryEstimate {
  const steps = c.steps ?? 4;
  const multiplier = c.multiplier ?? 4;
  // Each op's search-time activation units and parameters (nas/ops/op-spec.ts); an unknown op is an error.
  const ops = (c.primitives ?? DARTS_PRIMITIVES).map(opSpec);
  const shared = fastPaths.sharedRelu;
  const inC = c.inChannels ?? 3;
  const stemC = (c.stemMultiplier ?? 3) * c.channels;
  const reductions = reductionIndices(c.layers);
  let elements = 0; // per sample
  let params = inC * stemC * 9 + 2 * stemC;
  let size = c.inputSize;
  elements += stemC * size * size; // stem conv output (its BN's input)
  let [cPP, cP, cCurr] = [stemC, stemC, c.channels];
  let sizePP = size;
  for (let i = 0; i < c.layers; i++) {
    const reduction = reductions.includes(i);
    if (reduction) cCurr *= 2;
    const hw = size * size;
    // preprocessing: relu(s) and the 1×1 conv output (FactorizedReduce after a reduction: relu(s0) at twice the size
    // and the concatenated halves)
    elements += cPP * sizePP * sizePP + cCurr * hw + cP * hw + cCurr * hw;
    params += (cPP + cP) * cCurr;
    const outSize = reduction ? Math.ceil(size / 2) : size;
    const outHw = outSize * outSize;
    for (let node = 0; node < steps; node++) {
      for (let j = 0; j < node + 2; j++) {
        const stride = reduction && j < 2 ? 2 : 1;
        const inHw = stride === 2 ? hw : outHw;
        let reluUnits = 0;
        for (const op of ops) {
          const u = op.activationUnits(stride, fastPaths);
          elements += u.out * cCurr * outHw;
          if (u.relu) reluUnits++;
          params += op.parameters(cCurr, stride, false);
        }
        elements += (shared ? Math.min(1, reluUnits) : reluUnits) * cCurr * inHw;
      }
      elements += cCurr * outHw; // the node's value, read by later ops
    }
    [cPP, cP] = [cP, multiplier * cCurr];
    sizePP = size;
    size = outSize;
  }
  params += cP * (c.numClasses ?? 10) + (c.numClasses ?? 10);
  const bytes = c.bytesPerElement ?? 4;
  // The backward's own working set (gradients of the activations in flight, oneDNN scratch): about a tenth more.
  const activationBytes = Math.round(elements * c.batchSize * bytes * 1.1);
  const weightBytes = params * 4 * (3 + (c.unrolled ? 4 : 0));
  return {
    activationBytes,
    perSampleBytes: Math.round(activationBytes / c.batchSize),
    weightBytes,
    totalBytes: activationBytes + weightBytes,
    parameters: params,
  };
}

/** The largest batch size whose estimate fits in `availableBytes` (a multiple of 8 when ≥ 8; at least 1). */
export function batchSizeThatFits(c: SearchMemoryConfig, availableBytes: number): number {
  const one = estimateSearchMemory({ ...c, batchSize: 1 });
  const per = one.perSampleBytes;
  const n = Math.floor((availableBytes - one.weightBytes) / Math.max(1, per));
  if (n >= 8) return n - (n % 8);
  return Math.max(1, n);
}

export function formatBytes(b: number): string {
  if (b >= 2 ** 30) return `${(b / 2 ** 30).toFixed(2)} GiB`;
  return `${(b / 2 ** 20).toFixed(0)} MiB`;
}

interface SearchLike {
  readonly name: string;
  readonly config?: {
    channels?: number;
    layers?: number;
    primitives?: readonly string[];
    unrolled?: boolean;
    space?: string;
    steps?: number;
    inChannels?: number;
    numClasses?: number;
  };
}

function configOf(method: SearchLike, batchSize: number, inputSize: number): SearchMemoryConfig | undefined {
  const c = method.config;
  if (!c || (c.space !== undefined && c.space !== 'darts') || !c.channels || !c.layers) return undefined;
  return {
    channels: c.channels,
    layers: c.layers,
    batchSize,
    inputSize: inputSize || 32,
    inChannels: c.inChannels,
    numClasses: c.numClasses,
    steps: c.steps,
    primitives: c.primitives,
    unrolled: c.unrolled,
  };
}

/** The line the search runner prints before a search starts (undefined for spaces the estimate does not model). */
export function searchMemoryLine(method: SearchLike, batchSize: number, inputSize: number): string | undefined {
  const cfg = configOf(method, batchSize, inputSize);
  if (!cfg) return undefined;
  const e = estimateSearchMemory(cfg);
  return (
    `estimated memory: ${formatBytes(e.activationBytes)} of activations for batch ${batchSize} ` +
    `(${formatBytes(e.perSampleBytes)} per image) + ${formatBytes(e.weightBytes)} of weights, gradients and optimiser state`
  );
}

/** Total bytes an out-of-memory message names (CUDA: "… GiB total capacity"), or undefined. */
function capacityFrom(message: string): number | undefined {
  const m = /([\d.]+) (GiB|MiB) total capacity/.exec(message);
  if (!m) return undefined;
  return Number(m[1]) * (m[2] === 'GiB' ? 2 ** 30 : 2 ** 20);
}

export function isOutOfMemory(e: unknown): boolean {
  const msg = e instanceof Error ? e.message : String(e);
  return /out of memory|can't allocate memory|Cannot allocate memory|not enough memory/i.test(msg);
}

/**
 * Turns libtorch's out-of-memory error into one that names a batch size to try: the largest the estimate fits in the
 * device's capacity (from the CUDA message; the machine's memory for CPU), else half the current one. Other errors
 * come back unchanged.
 */
export function outOfMemoryHint(e: unknown, method: SearchLike, batchSize: number, inputSize: number, hostBytes?: number): unknown {
  if (!isOutOfMemory(e)) return e;
  const msg = e instanceof Error ? e.message : String(e);
  const cfg = configOf(method, batchSize, inputSize);
  const capacity = capacityFrom(msg) ?? hostBytes;
  let suggestion = Math.max(1, Math.floor(batchSize / 2));
  if (cfg && capacity) suggestion = Math.min(suggestion, batchSizeThatFits(cfg, capacity * 0.85));
  const est = cfg ? ` (estimated ${formatBytes(estimateSearchMemory(cfg).totalBytes)} at batch ${batchSize})` : '';
  const err = new Error(`out of memory at batch size ${batchSize}${est}: try --batch-size ${suggestion}\n  ${msg.split('\n')[0]}`);
  (err as Error & { cause?: unknown }).cause = e;
  return err;
}
