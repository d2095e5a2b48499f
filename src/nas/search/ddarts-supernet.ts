// The D-DARTS / DARTOpti search network (spec ddarts-dartopti §3.2, §8.2): the DARTS supernet (stem 3C, search
// cells of MixedOps, global pooling, classifier; same module names) with the reduction positions given explicitly,
// because a DARTOpti baseline fixes them (ResNet: cells 1, 2, 3 of 4; Xception: 1, 2, 11, 12 of 13). D-DARTS itself
// uses ⌊L/3⌋ and ⌊2L/3⌋ like DARTS.
import { BatchNorm2d, Conv2d, Linear, Module, ModuleList, Sequential } from '../../nn/index.js';
import type { Tensor } from '../../tensor/index.js';
import { padForReductions } from '../cell-plan.js';
import { SearchCell } from './search-cell.js';
import type { ArchForward } from './supernet.js';

export interface DDartsSupernetOptions {
  channels: number;
  numClasses: number;
  layers: number;
  primitives: readonly string[];
  /** Reduction cell positions. */
  reductions: readonly number[];
  steps: number;
  /** The cell output concatenates the last `multiplier` nodes (4, also for 6-step cells: nodes 4–7). */
  multiplier?: number;
  inChannels?: number;
}

export class DDartsSupernet extends Module {
  readonly stem: Sequential;
  readonly cells: ModuleList<SearchCell>;
  readonly classifier: Linear;
  readonly reductions: readonly number[];

  constructor(readonly options: DDartsSupernetOptions) {
    super();
    const { channels: c, numClasses, layers, primitives, steps } = options;
    const multiplier = options.multiplier ?? 4;
    const stemC = 3 * c;
    this.stem = this.registerModule('stem', new Sequential(
      new Conv2d(options.inChannels ?? 3, stemC, 3, { padding: 1, bias: false }), new BatchNorm2d(stemC)));
    this.cells = this.registerModule('cells', new ModuleList<SearchCell>());
    this.reductions = [...options.reductions];
    let [cPP, cP, cCurr] = [stemC, stemC, c];
    let reductionPrev = false;
    for (let i = 0; i < layers; i++) {
      const reduction = this.reductions.includes(i);
      if (reduction) cCurr *= 2;
      this.cells.push(new SearchCell(primitives, steps, multiplier, cPP, cP, cCurr, reduction, reductionPrev));
      reductionPrev = reduction;
      [cPP, cP] = [cP, multiplier * cCurr];
    }
    this.classifier = this.registerModule('classifier', new Linear(cP, numClasses));
  }

  forward(x: Tensor, arch: ArchForward): Tensor {
    // Odd maps would break FactorizedReduce after ≥ 3 reductions of a 28×28 input (see padForReductions).
    let s0 = this.stem.forward(padForReductions(x, this.reductions.filter((r) => r < this.cells.length).length));
    let s1 = s0;
    for (let i = 0; i < this.cells.length; i++) {
      const cell = this.cells.at(i);
      const red = cell.reduction;
      const next = cell.forward(s0, s1, {
        weights: arch.weights(i, red),
        active: arch.active ? (e) => arch.active!(i, red, e) : undefined,
        hooks: arch.hooks,
      });
      [s0, s1] = [s1, next];
    }
    return this.classifier.forward(s1.mean([2, 3]));
  }
}
