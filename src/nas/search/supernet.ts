// The one-shot search network (spec §2.1) shared by every search method: stem, cells with reductions at
// ⌊L/3⌋ and ⌊2L/3⌋ or at given positions (a DARTOpti baseline fixes them, spec ddarts-dartopti §3.2, §8.2: ResNet
// cells 1, 2, 3 of 4; Xception 1, 2, 11, 12 of 13), global pooling and classifier. It owns the weights only;
// architecture parameters live in ArchParameters and arrive relaxed (softmax, sigmoid, masked, ...) with each forward.
import { BatchNorm2d, batchNormCounters, Conv2d, FormattedModule, Linear, ModuleList, Sequential } from '../../nn/index.js';
import type { Tensor } from '../../tensor/index.js';
import { padForReductions, reductionIndices } from '../cell-plan.js';
import type { EdgeHooks } from './mixed-op.js';
import { SearchCell } from './search-cell.js';

export interface SupernetOptions {
  channels: number;
  numClasses: number;
  layers: number;
  primitives: readonly string[];
  /** Reduction cell positions; ⌊L/3⌋ and ⌊2L/3⌋ when absent. */
  reductions?: readonly number[];
  steps?: number;
  /** The cell output concatenates the last `multiplier` nodes (4, also for 6-step cells: nodes 4–7). */
  multiplier?: number;
  stemMultiplier?: number;
  inChannels?: number;
}

/** How each cell is weighted in one forward pass. */
export interface ArchForward {
  weights(cell: number, reduction: boolean): Tensor;
  active?(cell: number, reduction: boolean, edge: number): readonly number[] | undefined;
  hooks?: EdgeHooks;
}

export class Supernet extends FormattedModule {
  readonly steps: number;
  readonly multiplier: number;
  readonly stem: Sequential;
  readonly cells: ModuleList<SearchCell>;
  readonly classifier: Linear;
  readonly reductions: readonly number[];
  /** Distinct reductions the input passes through (padForReductions). */
  private readonly reductionCount: number;

  constructor(readonly options: SupernetOptions) {
    super();
    const { channels: c, numClasses, layers, primitives } = options;
    this.steps = options.steps ?? 4;
    this.multiplier = options.multiplier ?? 4;
    const stemC = (options.stemMultiplier ?? 3) * c;
    this.stem = this.registerModule(
      'stem',
      new Sequential(new Conv2d(options.inChannels ?? 3, stemC, 3, { padding: 1, bias: false }), new BatchNorm2d(stemC)),
    );
    this.cells = this.registerModule('cells', new ModuleList<SearchCell>());
    this.reductions = options.reductions ? [...options.reductions] : reductionIndices(layers);
    this.reductionCount = new Set(this.reductions.filter((r) => r < layers)).size;
    let [cPP, cP, cCurr] = [stemC, stemC, c];
    let reductionPrev = false;
    for (let i = 0; i < layers; i++) {
      const reduction = this.reductions.includes(i);
      if (reduction) cCurr *= 2;
      this.cells.push(new SearchCell(primitives, this.steps, this.multiplier, cPP, cP, cCurr, reduction, reductionPrev));
      reductionPrev = reduction;
      [cPP, cP] = [cP, this.multiplier * cCurr];
    }
    this.classifier = this.registerModule('classifier', new Linear(cP, numClasses));
    this.applyPreferredFormat();
  }

  isReduction(cell: number): boolean {
    return this.reductions.includes(cell);
  }

  forward(x: Tensor, arch: ArchForward): Tensor {
    // The BNs' num_batches_tracked increments go in one multi-tensor op at the end (nn/batchnorm.ts).
    return batchNormCounters(() => {
      const stem = this.stemForward(x);
      return this.cellsAndHead(0, stem, stem, arch, new Set());
    });
  }

  /**
   * Logits of the forward with `base`, then of one forward per variant, which weights the cells like `base`
   * before cell `from` and like its own `arch` from there on. A variant's first `from` cells are not recomputed:
   * it starts from the states the base forward left there, which is what recomputing them would give (same
   * weights, input and batch statistics), except that the BN running statistics of those cells see the batch once
   * (in the base forward), not once per forward. For forwards that only measure (the D-DARTS ablation of one cell
   * at a time, which restores the statistics afterwards).
   */
  forwardVariants(x: Tensor, base: ArchForward, variants: readonly { from: number; arch: ArchForward }[]): Tensor[] {
    return batchNormCounters(() => {
      const stem = this.stemForward(x);
      // states[i], states[i + 1] are the inputs of cell i.
      const states = [stem, stem];
      const shared = new Set(states);
      const logits = [this.cellsAndHead(0, stem, stem, base, shared, states)];
      for (const s of states) shared.add(s);
      for (const v of variants) logits.push(this.cellsAndHead(v.from, states[v.from]!, states[v.from + 1]!, v.arch, shared));
      for (const s of shared) s.dispose();
      return logits;
    });
  }

  private stemForward(x: Tensor): Tensor {
    // Odd maps would break FactorizedReduce after ≥ 3 reductions of a 28×28 input; an input every reduction can
    // halve (all that ran before) is passed on untouched.
    const padded = padForReductions(x, this.reductionCount);
    const input = this.formatInput(padded);
    if (padded !== x && padded !== input) padded.dispose();
    const stem = this.stem.forward(input);
    if (input !== x) input.dispose();
    return stem;
  }

  /**
   * Cells `from`… on the states s0, s1, then pooling and classifier. Each state is freed once no later cell reads
   * it, except those in `shared`; with `record`, every cell output is appended to it and kept instead.
   */
  private cellsAndHead(from: number, s0: Tensor, s1: Tensor, arch: ArchForward, shared: ReadonlySet<Tensor>, record?: Tensor[]): Tensor {
    const release = (t: Tensor): void => {
      if (!record && !shared.has(t)) t.dispose();
    };
    for (let i = from; i < this.cells.length; i++) {
      const cell = this.cells.at(i);
      const red = cell.reduction;
      const next = cell.forward(s0, s1, {
        weights: arch.weights(i, red),
        active: arch.active ? (e) => arch.active!(i, red, e) : undefined,
        hooks: arch.hooks,
      });
      record?.push(next);
      if (s0 !== s1) release(s0);
      [s0, s1] = [s1, next];
    }
    const pooled = s1.mean([2, 3]);
    if (s0 !== s1) release(s0);
    release(s1);
    const logits = this.classifier.forward(pooled);
    pooled.dispose();
    return logits;
  }
}
