// D-DARTS evaluation networks (spec ddarts-dartopti §6): one DCO cell per position built from that position's
// gene (§6.1, nas/eval DcoCell), reductions where the genotype says (not at ⌊L/3⌋, ⌊2L/3⌋ unless derived, §7),
// the auxiliary head after the last reduction cell, and the reference's state_dict keys (`cells.<i>._ops.<to>.<from>.<n>`).
import {
  AdaptiveAvgPool2d, AvgPool2d, BatchNorm2d, Conv2d, Linear, Module, ModuleList, ReLU, Sequential,
} from '../../nn/index.js';
import type { Tensor } from '../../tensor/index.js';
import { DcoCell, type EvalCell } from '../eval/cells.js';
import { AuxiliaryHeadCIFAR } from '../eval/heads.js';
import type { EvalNetwork, NetworkOutput } from '../eval/networks.js';
import type { NestedGenotype } from '../genotype/genotype.js';
import { type CellPlan, type DerivationMode, padForReductions, planCells } from '../cell-plan.js';
import { nodeWithoutInput } from '../genotype/derive-nested.js';

export interface DDartsNetworkOptions {
  /** Initial channels C (README: 36 for D-DARTS, 64 for DARTOpti). */
  channels: number;
  numClasses: number;
  /** Cells L; more than the genotype's genes → automatic derivation (§7). */
  layers: number;
  auxiliary: boolean;
  genotype: NestedGenotype;
  /** Image channels (3 for CIFAR, 1 for Fashion-MNIST). */
  inChannels?: number;
  /** Reduction positions of a derived network (default 'paper'; 'reference' keeps the file's, spec §17.7). */
  derivation?: DerivationMode;
}

function buildCells(owner: Module, o: DDartsNetworkOptions, plan: CellPlan, c: number, cPP: number, cP: number, reductionPrev: boolean):
  { cells: ModuleList<EvalCell>; cP: number; auxChannels: number; auxIndex: number } {
  const cells = owner.registerModule('cells', new ModuleList<EvalCell>());
  const auxIndex = plan.reductions.length > 0 ? plan.reductions[plan.reductions.length - 1]! : -1;
  let cCurr = c;
  let auxChannels = 0;
  for (let i = 0; i < o.layers; i++) {
    const reduction = plan.reductions.includes(i);
    if (reduction) cCurr *= 2;
    const genes = o.genotype.genes[plan.genes[i]!]!;
    const dead = nodeWithoutInput(genes);
    if (dead !== undefined) {
      throw new Error(`cell ${i} (gene ${plan.genes[i]}): node ${dead} only reads nodes that have no value, so the cell cannot be ` +
        'computed (the reference DCOCell crashes on this gene too)');
    }
    let cell: DcoCell;
    try {
      cell = new DcoCell({ kind: 'dco', edges: genes }, cPP, cP, cCurr, reduction, reductionPrev);
    } catch (e) {
      throw new Error(`cell ${i} (gene ${plan.genes[i]}): ${(e as Error).message}`);
    }
    cells.push(cell);
    reductionPrev = reduction;
    [cPP, cP] = [cP, cell.multiplier * cCurr];
    if (i === auxIndex) auxChannels = cP;
  }
  if (o.auxiliary && auxChannels === 0) {
    throw new Error(`the auxiliary head sits after the last reduction cell (${auxIndex}), which a ${o.layers}-cell network does not have`);
  }
  return { cells, cP, auxChannels, auxIndex };
}

function plan(o: DDartsNetworkOptions): CellPlan {
  return planCells(o.layers, o.genotype.genes.length, o.genotype.reductions, o.derivation ?? 'paper');
}

/** CIFAR network (§6.2): stem conv3×3 → 3C + BN, cells, global average pool, classifier. */
export class DDartsNetworkCIFAR extends Module implements EvalNetwork {
  dropPathProb = 0;
  readonly auxiliary: boolean;
  readonly plan: CellPlan;
  private readonly stem: Sequential;
  private readonly cells: ModuleList<EvalCell>;
  private readonly auxHead: AuxiliaryHeadCIFAR | null;
  private readonly globalPooling = new AdaptiveAvgPool2d(1);
  private readonly classifier: Linear;
  private readonly auxIndex: number;

  constructor(readonly options: DDartsNetworkOptions) {
    super();
    const c = options.channels;
    this.auxiliary = options.auxiliary;
    this.plan = plan(options);
    const stemC = 3 * c;
    this.stem = this.registerModule('stem', new Sequential(
      new Conv2d(options.inChannels ?? 3, stemC, 3, { padding: 1, bias: false }), new BatchNorm2d(stemC)));
    const built = buildCells(this, options, this.plan, c, stemC, stemC, false);
    this.cells = built.cells;
    this.auxIndex = built.auxIndex;
    this.auxHead = this.auxiliary ? this.registerModule('auxiliary_head', new AuxiliaryHeadCIFAR(built.auxChannels, options.numClasses)) : null;
    this.registerModule('global_pooling', this.globalPooling);
    this.classifier = this.registerModule('classifier', new Linear(built.cP, options.numClasses));
  }

  forward(x: Tensor): NetworkOutput {
    let s0 = this.stem.forward(padForReductions(x, this.plan.reductions.filter((r) => r < this.cells.length).length));
    let s1 = s0;
    let logitsAux: Tensor | undefined;
    for (let i = 0; i < this.cells.length; i++) {
      [s0, s1] = [s1, this.cells.at(i).forward(s0, s1, this.dropPathProb)];
      if (i === this.auxIndex && this.auxHead && this.training) logitsAux = this.auxHead.forward(s1);
    }
    const pooled = this.globalPooling.forward(s1);
    const logits = this.classifier.forward(pooled.view([pooled.shape[0]!, -1]));
    return logitsAux ? { logits, logitsAux } : { logits };
  }
}

/** D-DARTS' ImageNet auxiliary head: the CIFAR head (BN(768) included, unlike DARTS') with a stride-2 pool (§6.3). */
export class DDartsAuxiliaryHeadImageNet extends AuxiliaryHeadCIFAR {
  constructor(cIn: number, numClasses: number) {
    super(cIn, numClasses, { stride: 2, nativeSize: 7 });
  }
}

/**
 * ImageNet network (§6.3): stem0 = conv3×3 s2 → C/2, BN, ReLU, conv3×3 **s1** → C, BN; stem1 = ReLU, conv3×3 s2,
 * BN (input /4 overall); the first cell factor-reduces s0; head AvgPool2d(7), so the final map must be 7×7: three
 * reductions at 224×224 (the DARTOpti ResNet genotypes).
 */
export class DDartsNetworkImageNet extends Module implements EvalNetwork {
  dropPathProb = 0;
  readonly auxiliary: boolean;
  readonly plan: CellPlan;
  private readonly stem0: Sequential;
  private readonly stem1: Sequential;
  private readonly cells: ModuleList<EvalCell>;
  private readonly auxHead: DDartsAuxiliaryHeadImageNet | null;
  private readonly globalPooling: AvgPool2d;
  private readonly classifier: Linear;
  private readonly auxIndex: number;

  constructor(readonly options: DDartsNetworkOptions) {
    super();
    const c = options.channels;
    if (c % 2 !== 0) throw new Error(`DDartsNetworkImageNet: channels must be even, got ${c}`);
    this.auxiliary = options.auxiliary;
    this.plan = plan(options);
    this.stem0 = this.registerModule('stem0', new Sequential(
      new Conv2d(options.inChannels ?? 3, c / 2, 3, { stride: 2, padding: 1, bias: false }), new BatchNorm2d(c / 2), new ReLU(),
      new Conv2d(c / 2, c, 3, { stride: 1, padding: 1, bias: false }), new BatchNorm2d(c)));
    this.stem1 = this.registerModule('stem1', new Sequential(
      new ReLU(), new Conv2d(c, c, 3, { stride: 2, padding: 1, bias: false }), new BatchNorm2d(c)));
    const built = buildCells(this, options, this.plan, c, c, c, true);
    this.cells = built.cells;
    this.auxIndex = built.auxIndex;
    this.auxHead = this.auxiliary ? this.registerModule('auxiliary_head', new DDartsAuxiliaryHeadImageNet(built.auxChannels, options.numClasses)) : null;
    this.globalPooling = this.registerModule('global_pooling', new AvgPool2d(7));
    this.classifier = this.registerModule('classifier', new Linear(built.cP, options.numClasses));
  }

  forward(x: Tensor): NetworkOutput {
    let s0 = this.stem0.forward(x);
    let s1 = this.stem1.forward(s0);
    let logitsAux: Tensor | undefined;
    for (let i = 0; i < this.cells.length; i++) {
      [s0, s1] = [s1, this.cells.at(i).forward(s0, s1, this.dropPathProb)];
      if (i === this.auxIndex && this.auxHead && this.training) logitsAux = this.auxHead.forward(s1);
    }
    if (s1.shape[2] !== 7 || s1.shape[3] !== 7) {
      throw new Error(`DDartsNetworkImageNet: the final map must be 7×7 for the AvgPool2d(7) head, got ${s1.shape[2]}×${s1.shape[3]} ` +
        `(the /4 stem needs exactly 3 reductions at 224×224; this genotype has ${this.plan.reductions.length})`);
    }
    const pooled = this.globalPooling.forward(s1);
    const logits = this.classifier.forward(pooled.view([pooled.shape[0]!, -1]));
    return logitsAux ? { logits, logitsAux } : { logits };
  }
}

export function buildDDartsNetwork(family: 'cifar' | 'imagenet', options: DDartsNetworkOptions): EvalNetwork {
  return family === 'imagenet' ? new DDartsNetworkImageNet(options) : new DDartsNetworkCIFAR(options);
}
