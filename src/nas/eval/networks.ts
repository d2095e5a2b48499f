// NetworkCIFAR and NetworkImageNet (spec §7.2, §7.3; D-DARTS: spec ddarts-dartopti §6): stems, the cells of a cell
// plan, the auxiliary head after the last reduction cell, and state_dict keys identical to the reference
// implementations. DARTS networks (the default plan) repeat one normal and one reduction gene with reductions at
// ⌊L/3⌋ and ⌊2L/3⌋; D-DARTS networks give every position its own gene and take the reductions from the genotype.
import {
  AdaptiveAvgPool2d,
  AvgPool2d,
  BatchNorm2d,
  batchNormCounters,
  Conv2d,
  FormattedModule,
  Linear,
  type Module,
  ModuleList,
  ReLU,
  Sequential,
  type TensorModule,
} from '../../nn/index.js';
import type { Tensor } from '../../tensor/index.js';
import { type CellPlan, padForReductions, planCells, reductionIndices } from '../cell-plan.js';
import type { PoolBn } from '../ops/registry.js';
import { createEvalCell, type EvalCell } from './cells.js';
import { genesForCell, type NetworkGenes } from './genes.js';
import { AuxiliaryHeadCIFAR, AuxiliaryHeadImageNet } from './heads.js';

export interface NetworkOutput {
  logits: Tensor;
  /** Present only in training mode with an auxiliary head. */
  logitsAux?: Tensor;
}

export interface EvalNetwork extends Module {
  dropPathProb: number;
  readonly auxiliary: boolean;
  forward(x: Tensor): NetworkOutput;
}

export interface NetworkCIFAROptions {
  /** Initial channels C (36 in the papers). */
  channels: number;
  numClasses: number;
  /** Cells L (20 in the papers). */
  layers: number;
  auxiliary: boolean;
  genes: NetworkGenes;
  /** Image channels: 3 for CIFAR, 1 for (Fashion-)MNIST. */
  inChannels?: number;
  /**
   * The gene (index into `genes.perCell`) of every position and the reduction positions; default: gene i at position
   * i, reductions at ⌊L/3⌋ and ⌊2L/3⌋ (DARTS). D-DARTS networks pass planCells' (nas/cell-plan.ts).
   */
  plan?: CellPlan;
  /** 'affine': an affine BN after every pooling op, as pt.darts' AugmentCNN (DropNAS); default 'none' (quark0/darts). */
  poolBn?: PoolBn;
}

/** The DARTS plan: reductions at ⌊L/3⌋ and ⌊2L/3⌋, gene i at position i (only per-cell genes read it). */
function defaultPlan(layers: number): CellPlan {
  return planCells(layers, layers, reductionIndices(layers));
}

interface BuiltCells {
  cells: ModuleList<EvalCell>;
  /** Output channels of the last cell. */
  cP: number;
  /** The cell after which the auxiliary head runs: the last reduction cell (−1 without reductions). */
  auxIndex: number;
  auxChannels: number;
}

function buildCells(owner: Module, o: NetworkCIFAROptions, plan: CellPlan, cPP: number, cP: number, reductionPrev: boolean): BuiltCells {
  const cells = owner.registerModule('cells', new ModuleList<EvalCell>());
  const auxIndex = plan.reductions.length > 0 ? plan.reductions[plan.reductions.length - 1]! : -1;
  let cCurr = o.channels;
  let auxChannels = 0;
  for (let i = 0; i < o.layers; i++) {
    const reduction = plan.reductions.includes(i);
    if (reduction) cCurr *= 2;
    const gene = plan.genes[i] ?? i;
    let cell: EvalCell;
    try {
      cell = createEvalCell(genesForCell(o.genes, gene, reduction), cPP, cP, cCurr, reduction, reductionPrev, o.poolBn);
    } catch (e) {
      throw new Error(`cell ${i}${'perCell' in o.genes ? ` (gene ${gene})` : ''}: ${(e as Error).message}`, { cause: e });
    }
    cells.push(cell);
    reductionPrev = reduction;
    [cPP, cP] = [cP, cell.multiplier * cCurr];
    if (i === auxIndex) auxChannels = cP;
  }
  if (o.auxiliary && auxChannels === 0) {
    throw new Error(`the auxiliary head sits after the last reduction cell (${auxIndex}), which a ${o.layers}-cell network does not have`);
  }
  return { cells, cP, auxIndex, auxChannels };
}

/** Reductions inside the network (a genotype may list positions beyond a shallower network's cells). */
function reductionsWithin(plan: CellPlan, layers: number): number {
  return new Set(plan.reductions.filter((r) => r < layers)).size;
}

/** What both networks share besides their memory format (FormattedModule): running the cells. */
abstract class FormattedNetwork extends FormattedModule {
  /** Runs the cells from (s0, s1), releasing each state's handle once no cell reads it. */
  protected runCells(cells: ModuleList<EvalCell>, s0: Tensor, s1: Tensor, dropProb: number, after?: (i: number, s: Tensor) => void): Tensor {
    for (let i = 0; i < cells.length; i++) {
      const next = cells.at(i).forward(s0, s1, dropProb);
      if (s0 !== s1) s0.dispose();
      [s0, s1] = [s1, next];
      after?.(i, s1);
    }
    if (s0 !== s1) s0.dispose();
    return s1;
  }
}

export class NetworkCIFAR extends FormattedNetwork implements EvalNetwork {
  dropPathProb = 0;
  readonly auxiliary: boolean;
  readonly plan: CellPlan;
  private readonly stem: Sequential;
  private readonly cells: ModuleList<EvalCell>;
  private readonly auxHead: AuxiliaryHeadCIFAR | null;
  private readonly globalPooling = new AdaptiveAvgPool2d(1);
  private readonly classifier: Linear;
  private readonly auxIndex: number;
  private readonly reductions: number;

  constructor(readonly options: NetworkCIFAROptions) {
    super();
    const { channels: c, numClasses, layers } = options;
    this.auxiliary = options.auxiliary;
    this.plan = options.plan ?? defaultPlan(layers);
    this.reductions = reductionsWithin(this.plan, layers);
    const stemC = 3 * c;
    this.stem = this.registerModule(
      'stem',
      new Sequential(new Conv2d(options.inChannels ?? 3, stemC, 3, { padding: 1, bias: false }), new BatchNorm2d(stemC)),
    );
    const built = buildCells(this, options, this.plan, stemC, stemC, false);
    this.cells = built.cells;
    this.auxIndex = built.auxIndex;
    this.auxHead = this.auxiliary ? this.registerModule('auxiliary_head', new AuxiliaryHeadCIFAR(built.auxChannels, numClasses)) : null;
    this.registerModule('global_pooling', this.globalPooling);
    this.classifier = this.registerModule('classifier', new Linear(built.cP, numClasses));
    this.applyPreferredFormat();
  }

  forward(x: Tensor): NetworkOutput {
    return batchNormCounters(() => this.forwardNetwork(x));
  }

  private forwardNetwork(x: Tensor): NetworkOutput {
    const padded = padForReductions(x, this.reductions);
    const input = this.formatInput(padded);
    const s = this.stem.forward(input);
    if (padded !== x) padded.dispose();
    if (input !== padded) input.dispose();
    let logitsAux: Tensor | undefined;
    const s1 = this.runCells(this.cells, s, s, this.dropPathProb, (i, out) => {
      if (i === this.auxIndex && this.auxHead && this.training) logitsAux = this.auxHead.forward(out);
    });
    const pooled = this.globalPooling.forward(s1);
    s1.dispose();
    const flat = pooled.view([pooled.shape[0]!, -1]);
    const logits = this.classifier.forward(flat);
    pooled.dispose();
    flat.dispose();
    return logitsAux ? { logits, logitsAux } : { logits };
  }
}

export interface NetworkImageNetOptions extends NetworkCIFAROptions {
  /**
   * Stride of stem0's second conv: 2 in DARTS (the cells start at 1/8 of the input, two reductions reach 7×7 from
   * 224×224), 1 in D-DARTS (1/4: three reductions; spec ddarts-dartopti §6.3).
   */
  stem0Stride?: 1 | 2;
  /** The auxiliary head keeps the CIFAR head's BN(768) (D-DARTS) instead of omitting it (DARTS, the default). */
  auxiliaryBatchNorm?: boolean;
}

export class NetworkImageNet extends FormattedNetwork implements EvalNetwork {
  dropPathProb = 0;
  readonly auxiliary: boolean;
  readonly plan: CellPlan;
  private readonly stem0: Sequential;
  private readonly stem1: Sequential;
  private readonly cells: ModuleList<EvalCell>;
  private readonly auxHead: AuxiliaryHeadImageNet | null;
  private readonly globalPooling: AvgPool2d;
  private readonly classifier: Linear;
  private readonly auxIndex: number;

  constructor(readonly options: NetworkImageNetOptions) {
    super();
    const { channels: c, numClasses, layers } = options;
    if (c % 2 !== 0) throw new Error(`NetworkImageNet: channels must be even, got ${c}`);
    this.auxiliary = options.auxiliary;
    this.plan = options.plan ?? defaultPlan(layers);
    const inC = options.inChannels ?? 3;
    this.stem0 = this.registerModule(
      'stem0',
      new Sequential(
        new Conv2d(inC, c / 2, 3, { stride: 2, padding: 1, bias: false }),
        new BatchNorm2d(c / 2),
        new ReLU(),
        new Conv2d(c / 2, c, 3, { stride: options.stem0Stride ?? 2, padding: 1, bias: false }),
        new BatchNorm2d(c),
      ),
    );
    this.stem1 = this.registerModule(
      'stem1',
      new Sequential(new ReLU(), new Conv2d(c, c, 3, { stride: 2, padding: 1, bias: false }), new BatchNorm2d(c)),
    );
    const built = buildCells(this, options, this.plan, c, c, true);
    this.cells = built.cells;
    this.auxIndex = built.auxIndex;
    this.auxHead = this.auxiliary
      ? this.registerModule('auxiliary_head', new AuxiliaryHeadImageNet(built.auxChannels, numClasses, options.auxiliaryBatchNorm ?? false))
      : null;
    this.globalPooling = this.registerModule('global_pooling', new AvgPool2d(7));
    this.classifier = this.registerModule('classifier', new Linear(built.cP, numClasses));
    this.applyPreferredFormat();
  }

  forward(x: Tensor): NetworkOutput {
    return batchNormCounters(() => this.forwardNetwork(x));
  }

  private forwardNetwork(x: Tensor): NetworkOutput {
    const input = this.formatInput(x);
    const s0 = this.stem0.forward(input);
    if (input !== x) input.dispose();
    const s1First = this.stem1.forward(s0);
    let logitsAux: Tensor | undefined;
    const s1 = this.runCells(this.cells, s0, s1First, this.dropPathProb, (i, out) => {
      if (i === this.auxIndex && this.auxHead && this.training) logitsAux = this.auxHead.forward(out);
    });
    if (s1.shape[2] !== 7 || s1.shape[3] !== 7) {
      const stem = this.options.stem0Stride === 1 ? 4 : 8;
      throw new Error(
        `NetworkImageNet: the final map must be 7×7 for its AvgPool2d(7) head, got ${s1.shape[2]}×${s1.shape[3]} (at ` +
          `224×224 this /${stem} stem needs ${Math.log2(224 / stem / 7)} reductions; this genotype has ${reductionsWithin(this.plan, this.cells.length)})`,
      );
    }
    const pooled = this.globalPooling.forward(s1);
    const logits = this.classifier.forward(pooled.view([pooled.shape[0]!, -1]));
    return logitsAux ? { logits, logitsAux } : { logits };
  }
}

export type { TensorModule };
