// The NAS-Bench-201 macro skeleton "TinyNetwork" (spec §5.3), as a final network of one arch string and as the
// weight-sharing search network of EvNAS S2 / the AutoDL DARTS baselines:
//
//   stem  Conv3×3 (in→C, no bias) + BN
//   N cells at C │ ResNet block C→2C, stride 2 │ N cells at 2C │ ResNet block 2C→4C │ N cells at 4C
//   lastact BN + ReLU → global average pool → Linear(4C, classes)
//
// Children: `stem.{0,1}`, `cells.{i}` (3N+2 of them, the blocks at N and 2N+1), `lastact.0`, `classifier`, as in
// AutoDL's TinyNetwork / TinyNetworkDarts. C=16, N=5 is the benchmark's network (802,426 parameters for the index-1
// arch on CIFAR-10).
import { AdaptiveAvgPool2d, BatchNorm2d, Conv2d, Linear, Module, ModuleList, ReLU, Sequential } from '../../nn/index.js';
import type { Tensor } from '../../tensor/index.js';
import type { Nb201Arch } from '../genotype/nb201.js';
import { NB201_PRIMITIVES } from '../genotype/primitives.js';
import type { EvalNetwork, NetworkOutput } from '../eval/networks.js';
import type { ArchForward } from '../search/supernet.js';
import { Nb201InferCell, Nb201SearchCell } from './cell.js';
import { NB201_FINAL_BN, NB201_SEARCH_BN, type Nb201BnFlags, Nb201ResNetBlock } from './ops.js';

/** The benchmark's macro configuration (spec §5.3): C = 16, N = 5 cells per stage. */
export const NB201_CHANNELS = 16;
export const NB201_CELLS_PER_STAGE = 5;

export interface Nb201MacroOptions {
  /** C, channels of the first stage (16). */
  channels?: number;
  /** N, cells per stage (5). */
  cellsPerStage?: number;
  numClasses: number;
  /** Image channels (3; 1 for (Fashion-)MNIST). */
  inChannels?: number;
}

/** Channels and reduction flags of the 3N+2 positions of the skeleton. */
export function nb201Layout(c: number, n: number): { channels: number; reduction: boolean }[] {
  const out: { channels: number; reduction: boolean }[] = [];
  for (let stage = 0; stage < 3; stage++) {
    if (stage > 0) out.push({ channels: c << stage, reduction: true });
    for (let i = 0; i < n; i++) out.push({ channels: c << stage, reduction: false });
  }
  return out;
}

abstract class Nb201Skeleton<CellT extends Module> extends Module {
  readonly stem: Sequential;
  readonly cells: ModuleList<CellT | Nb201ResNetBlock>;
  readonly lastact: Sequential;
  readonly globalPooling = new AdaptiveAvgPool2d(1);
  readonly classifier: Linear;
  readonly channels: number;
  readonly cellsPerStage: number;

  constructor(o: Nb201MacroOptions, makeCell: (cIn: number, cOut: number) => CellT) {
    super();
    this.channels = o.channels ?? NB201_CHANNELS;
    this.cellsPerStage = o.cellsPerStage ?? NB201_CELLS_PER_STAGE;
    const c = this.channels;
    this.stem = this.registerModule('stem', new Sequential(new Conv2d(o.inChannels ?? 3, c, 3, { padding: 1, bias: false }), new BatchNorm2d(c)));
    this.cells = this.registerModule('cells', new ModuleList<CellT | Nb201ResNetBlock>());
    let cPrev = c;
    for (const { channels, reduction } of nb201Layout(c, this.cellsPerStage)) {
      this.cells.push(reduction ? new Nb201ResNetBlock(cPrev, channels) : makeCell(cPrev, channels));
      cPrev = channels;
    }
    this.lastact = this.registerModule('lastact', new Sequential(new BatchNorm2d(cPrev), new ReLU()));
    this.registerModule('global_pooling', this.globalPooling);
    this.classifier = this.registerModule('classifier', new Linear(cPrev, o.numClasses));
  }

  protected head(feature: Tensor): Tensor {
    const pooled = this.globalPooling.forward(this.lastact.forward(feature)).flatten(1);
    return this.classifier.forward(pooled);
  }
}

/** TinyNetwork of one arch string: the final network the benchmark trained. */
export class Nb201Network extends Nb201Skeleton<Nb201InferCell> implements EvalNetwork {
  /** NB201 networks have no drop path; kept for the EvalNetwork interface and ignored. */
  dropPathProb = 0;
  readonly auxiliary = false;
  readonly arch: Nb201Arch;

  constructor(arch: Nb201Arch, o: Nb201MacroOptions) {
    super(o, (cIn, cOut) => new Nb201InferCell(arch, cIn, cOut, NB201_FINAL_BN));
    this.arch = arch;
  }

  forward(x: Tensor): NetworkOutput {
    let feature = this.stem.forward(x);
    for (const cell of this.cells) feature = cell.forward(feature);
    return { logits: this.head(feature) };
  }
}

export interface Nb201SupernetOptions extends Nb201MacroOptions {
  /** α column order (NB201_PRIMITIVES). */
  primitives?: readonly string[];
  /** BN flags of the cell ops (affine=False, running statistics tracked). */
  bn?: Nb201BnFlags;
}

/**
 * The weight-sharing TinyNetwork: every cell a Nb201SearchCell. One α is shared by all cells, so every cell asks
 * `arch.weights(0, false)` (with ArchParameters.perCell(1, …) that is the single tensor `alphas_cell0`).
 */
export class Nb201Supernet extends Nb201Skeleton<Nb201SearchCell> {
  readonly primitives: readonly string[];

  constructor(o: Nb201SupernetOptions) {
    const primitives = o.primitives ?? NB201_PRIMITIVES;
    super(o, (cIn, cOut) => new Nb201SearchCell(primitives, cIn, cOut, o.bn ?? NB201_SEARCH_BN));
    this.primitives = primitives;
  }

  forward(x: Tensor, arch: ArchForward): Tensor {
    let feature = this.stem.forward(x);
    const weights = arch.weights(0, false);
    for (const cell of this.cells) {
      feature =
        cell instanceof Nb201SearchCell
          ? cell.forward(feature, { weights, active: arch.active ? (e) => arch.active!(0, false, e) : undefined, hooks: arch.hooks })
          : cell.forward(feature);
    }
    return this.head(feature);
  }
}
