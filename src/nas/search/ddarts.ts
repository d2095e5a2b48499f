// D-DARTS (spec ddarts-dartopti §1, §3, §4) and DARTOpti (§8, §9): every cell is its own small architecture-search
// problem with its own α (σ-relaxed, FairDARTS style), its own Adam, its own cosine schedule and its own loss
// (CE + w·zero-one(σ(α_c)) + λ·ablation term); the weights are still one SGD-trained supernet. DARTOpti starts from
// a handcrafted baseline (α = 10 on its ops), pretrains the weights for a few epochs, searches the 12-op space with
// one α per distinct baseline template, and tracks the architecture-distance metric for logging and early stopping.
//
// Two modes (spec §17, §18):
// - fixed (default): each cell's Adam step uses exactly the gradient of its own loss L_c; the weight step uses only
//   the training-loss gradient (cleared beforehand); the ablation forwards leave BN running statistics untouched;
//   a cell whose thresholded gene cannot be built falls back to the threshold-free rule (nas/genotype/derive-nested.ts).
// - faithful (`--faithful`): the reference's gradient accumulation (§3.4): the L per-cell validation backwards
//   add L × ∇w CE_val to the weight gradients used (and clipped) by the SGD step, and α gradients are never zeroed
//   before a backward, so cell c steps with its L_c gradient plus the CE part of the earlier cells' backwards plus
//   what the previous iteration left (later cells' CE parts and ∇α of the weight loss, during pretraining too); the
//   ablation forwards update BN statistics; genes are written as thresholded even when unbuildable.
// The reference's crashes are not offered as options (metric encoder §17.9, single-level/cell-loss §17.4), and
// resume is exact in both modes (§17.13: the α tensors are restored in place, so each Adam keeps optimising them).
//
// Mapping onto the tsnas runner: as in the reference (§8.3), the run has --epochs + --pretrain-epochs epochs
// (`runEpochs`): the pretraining first, then --epochs search epochs; the weight cosine spans the total, each α cosine
// --epochs, and the runner's epoch count, progress, metrics and resume count the total. The
// metric's early stop (§9.2) cannot end the runner's epoch loop, so a settled search makes every further step() a
// no-op (weights and α frozen; `shouldStop()` reports it for a runner that checks) and the final genotype is the
// one parsed when it stopped, as in the reference. `--threshold` and `--parse-method` take effect (the reference
// ignores both and always writes threshold_sparse and threshold_edge at 0.85; §17.10); the run's genotype is the
// chosen parse (threshold_sparse by default), and epoch-*.weights.json keeps σ(α) of every cell for the other one.
import type { ProcessGroup } from '../../distributed/index.js';
import { functional as F } from '../../nn/index.js';
import { Adam, clipGradNorm } from '../../optim/index.js';
import { autograd, noGrad, rand, stack, type Tensor, tidy } from '../../tensor/index.js';
import { type BaselineGenotype, baselineSteps } from '../ddarts/baselines.js';
import { architectureDistance, baselineMetricCells, metricHasSettled } from '../ddarts/metric.js';
import { DDARTS_PARSE_METHODS, DDARTS_THRESHOLD, type DDartsParseMethod, parseCell, parseNested } from '../genotype/derive-nested.js';
import { edgeCount } from '../genotype/derive.js';
import { reductionIndices } from '../cell-plan.js';
import { DARTOPTI_PRIMITIVES, FAIRDARTS_PRIMITIVES } from '../genotype/primitives.js';
import { ArchParameters } from './arch-params.js';
import { type DartoptiSpaceConfig, nestedSearchGenotype, spaceBaseline } from './ddarts-space.js';
import { zeroOneLoss } from './fairdarts.js';
import type { ArchLayout, Relaxation } from './arch-weights.js';
import type { Batch, EpochContext, SearchGenotype, StepResult } from './method.js';
import { deferredResult } from './lazy-result.js';
import type { SpaceConfig } from './space.js';
import { field, mapOf, optimizerStateFrom, type PickleTree, tensorMap } from './state.js';
import { type ArchForward, Supernet } from './supernet.js';
import { cosineLr, SEARCH_NETWORK_DEFAULTS, SupernetSearch, type SupernetSearchConfig } from './supernet-search.js';

export interface DDartsConfig extends SupernetSearchConfig {
  /** Accepted only as false: D-DARTS has no second-order α step. */
  unrolled?: boolean;
  /** w (`--aux_loss_weight`): weight of the zero-one term in the weight loss and in every per-cell loss. */
  auxLossWeight: number;
  /** Zero-one term of the weight loss (`--sep_loss`): 'l2' −mean((σ−½)²) or 'l1' −mean|σ−½|; per-cell losses use l2. */
  sepLoss: 'l2' | 'l1';
  /** λ (`--abl_loss_weight`) of the ablation term; 0 skips its L + 1 extra forward passes. */
  ablationWeight: number;
  /** Reproduce the reference's gradient accumulation and parse (see the file comment). */
  faithful: boolean;
  /** Derivation written as the run's genotype (the reference writes threshold_sparse and threshold_edge). */
  parseMethod: DDartsParseMethod;
  threshold: number;
  /** DARTOpti (space 'dartopti'): ResNet18, ResNet50, Xception or InceptionV4. */
  baseline?: string;
  /** Weight-only epochs before the --epochs search epochs, which the run adds (default 5 for DARTOpti, 0 for D-DARTS). */
  pretrainEpochs?: number;
  /** DARTOpti: architecture-distance logging and early stopping (`--no-arch-metric` turns both off). */
  archMetric: boolean;
  /** Floor of every per-cell α cosine schedule. */
  archLrMin: number;
  /** Where log lines go (default: stderr). */
  log?: (line: string) => void;
}

/** aheuillet/D-DARTS train_search.py defaults (spec §14.1). */
export const DDARTS_DEFAULTS: Partial<DDartsConfig> = {
  alphaInit: 'zeros',
  lr: 0.005,
  lrMin: 0.001,
  momentum: 0.9,
  weightDecay: 3e-4,
  gradClip: 5,
  archLr: 3e-3,
  archBetas: [0.9, 0.999],
  archWeightDecay: 1e-3,
  archLrMin: 0.001,
  unrolled: false,
  auxLossWeight: 9,
  sepLoss: 'l2',
  ablationWeight: 0.7,
  faithful: false,
  parseMethod: 'threshold_sparse',
  threshold: DDARTS_THRESHOLD,
  archMetric: true,
};

/** The parses the reference writes at the end of every search (§3.5), here every epoch and at the end. */
export const DDARTS_WRITTEN_PARSES: readonly DDartsParseMethod[] = ['threshold_sparse', 'threshold_edge'];

/** DARTOpti pretraining default (`--pretrain_epochs`). */
export const DARTOPTI_PRETRAIN_EPOCHS = 5;

/** The weight-only epochs a search of `c` runs before its search epochs (spec §8.3). */
export function pretrainEpochsOf(c: Pick<Partial<DDartsConfig>, 'pretrainEpochs' | 'baseline'>): number {
  return c.pretrainEpochs ?? (c.baseline ? DARTOPTI_PRETRAIN_EPOCHS : 0);
}

/** The epochs of a run of `epochs` search epochs: the pretraining, then the search (the reference's total, §8.3). */
export function ddartsRunEpochs(epochs: number, c: Pick<Partial<DDartsConfig>, 'pretrainEpochs' | 'baseline'>): number {
  return epochs + pretrainEpochsOf(c);
}

/** Epochs after pretraining before the metric is first computed, and the settling window/tolerance (§9.2). */
const METRIC_DELAY = 5;

/** ℓ3_c = −(mc_c − mean(mc)) / mean(mc), 0 when the mean is 0 (spec §3.3). */
export function ablationTerms(mc: readonly number[]): number[] {
  const m = mc.reduce((s, x) => s + x, 0) / Math.max(mc.length, 1);
  return mc.map((x) => (m === 0 ? 0 : -(x - m) / m));
}

/** Adds g to t.grad (creating it), as an accumulating backward would. */
function accumulateGrad(t: Tensor, g: Tensor | undefined): void {
  if (!g) return;
  const cur = t.grad;
  t.grad = cur ? cur.add(g) : g.clone();
}

function defaultLog(line: string): void {
  process.stderr.write((process.stderr.isTTY ? '\r\x1b[K' : '') + line + '\n');
}

export class DDartsSearch extends SupernetSearch {
  readonly name: string = 'ddarts';
  declare readonly config: DDartsConfig;
  /** The DARTOpti baseline, or undefined for D-DARTS. */
  readonly baseline: BaselineGenotype | undefined;
  readonly primitives: readonly string[];
  readonly steps: number;
  readonly layers: number;
  readonly reductions: readonly number[];
  /** One Adam per α owner (cell for D-DARTS, template for DARTOpti), in network order. */
  readonly cellOptimizers: Adam[];
  /** α index used by each cell position. */
  readonly cellAlpha: readonly number[];
  /** First cell position of each α (the cell that owns its loss; §8.2). */
  readonly ownerCell: readonly number[];
  readonly pretrainEpochs: number;
  private totalEpochs = 0;
  private metricHistory: number[] = [];
  private metricEpoch = -1;
  private lastMetric: number | undefined;
  private stopped = false;
  private lastResult: StepResult | undefined;
  private epochStats = { archLoss: 0, ce: 0, ablation: 0, steps: 0 };
  private log: (line: string) => void;

  constructor(config: Partial<DDartsConfig> = {}) {
    const space = config.space ?? 'darts';
    const primitives = config.primitives ?? (space === 'dartopti' ? DARTOPTI_PRIMITIVES : FAIRDARTS_PRIMITIVES);
    const full = { ...SEARCH_NETWORK_DEFAULTS, ...DDARTS_DEFAULTS, ...config, primitives, space } as DDartsConfig;
    if (full.unrolled) throw new Error('ddarts: only first-order architecture steps exist (per-cell Adam on ∇α of the cell loss)');
    if (!DDARTS_PARSE_METHODS.includes(full.parseMethod as DDartsParseMethod)) {
      throw new Error(`ddarts: --parse-method must be one of ${DDARTS_PARSE_METHODS.join(', ')}, got '${String(full.parseMethod)}'`);
    }
    if (space === 'dartopti' && !full.baseline) throw new Error('ddarts --space dartopti needs --baseline resnet18|resnet50|xception');
    if (space !== 'dartopti' && full.baseline) throw new Error(`ddarts: --baseline ${full.baseline} needs --space dartopti (DARTOpti)`);
    if (space !== 'darts' && space !== 'dartopti') throw new Error(`ddarts searches the darts and dartopti spaces, not '${space}'`);
    super(full);
    const c = this.config;
    this.log = c.log ?? defaultLog;
    this.primitives = primitives;
    if (space === 'dartopti') {
      const b = spaceBaseline(this.spaceConfig());
      this.baseline = b;
      this.steps = baselineSteps(b);
      this.layers = b.seq.length;
      this.reductions = [...b.reductions];
      this.cellAlpha = [...b.seq];
    } else {
      this.baseline = undefined;
      this.steps = c.steps;
      this.layers = c.layers;
      this.reductions = reductionIndices(c.layers);
      this.cellAlpha = Array.from({ length: c.layers }, (_, i) => i);
    }
    const owners: number[] = [];
    this.cellAlpha.forEach((g, i) => {
      if (owners[g] === undefined) owners[g] = i;
    });
    this.ownerCell = owners;
    this.pretrainEpochs = pretrainEpochsOf(c);
    this.cellOptimizers = this.arch.tensors().map((a) => new Adam([a], { lr: c.archLr, betas: c.archBetas, weightDecay: c.archWeightDecay }));
  }

  protected override spaceConfig(): SpaceConfig {
    const s: DartoptiSpaceConfig = { ...super.spaceConfig(), baseline: this.config.baseline };
    return s;
  }

  /** D-DARTS: one zero-initialised α per cell; DARTOpti: the space's per-template α with the baseline encoding. */
  protected override createArch(): ArchParameters {
    const c = this.config;
    if (c.space === 'dartopti') return this.space.createArch(this.spaceConfig(), 'zeros', c.device);
    const ops = (c.primitives ?? FAIRDARTS_PRIMITIVES).length;
    return ArchParameters.perCell(c.layers, edgeCount(c.steps), ops, c.alphaInit, c.device);
  }

  protected override get relaxation(): Relaxation {
    return 'sigmoid';
  }

  /** Each cell position's α, with the positions that are reduction cells. */
  protected override archLayout(): ArchLayout {
    return { ...super.archLayout(), reductions: this.reductions };
  }

  /** The α of the cell position's owner (itself for D-DARTS, its template for DARTOpti). */
  protected override alphaOf(cell: number): Tensor {
    const g = this.cellAlpha[cell];
    if (g === undefined) throw new Error(`ddarts: no architecture parameters for cell ${cell}`);
    return this.arch.tensors()[g]!;
  }

  /** `deactivated` (the ablation of §3.1) gives that cell u ~ U[0, 1) for every (edge, op) instead of σ(α). */
  protected override archForward(training: boolean, deactivated?: number): ArchForward {
    const arch = super.archForward(training);
    if (deactivated === undefined) return arch;
    return {
      ...arch,
      weights: (cell, reduction) => {
        if (cell !== deactivated) return arch.weights(cell, reduction);
        const a = this.alphaOf(cell);
        return rand([...a.shape], { device: a.device });
      },
    };
  }

  /** Rank 0 alone reports (the others compute the same α and metric). */
  override distribute(group: ProcessGroup, o: { syncBatchNorm?: boolean } = {}): void {
    super.distribute(group, o);
    if (group.rank !== 0) this.log = () => undefined;
  }

  get searching(): boolean {
    return this.epoch >= this.pretrainEpochs;
  }

  /** True once the DARTOpti metric settled (§9.2); the remaining epochs then change nothing. */
  get stoppedEarly(): boolean {
    return this.stopped;
  }

  /** For a runner that can end the epoch loop early. */
  shouldStop(): boolean {
    return this.stopped;
  }

  /**
   * `totalEpochs` is the run's: pretraining + search epochs (ddartsRunEpochs), the T_max of the weight cosine as in the
   * reference.
   */
  override startEpoch(epoch: number, totalEpochs: number): void {
    if (this.pretrainEpochs >= totalEpochs) {
      throw new Error(
        `ddarts: a run of ${totalEpochs} epochs with --pretrain-epochs ${this.pretrainEpochs} leaves no search epoch ` +
          '(a run has --epochs + --pretrain-epochs epochs)',
      );
    }
    super.startEpoch(epoch, totalEpochs);
    this.totalEpochs = totalEpochs;
    // The reference creates every cell's CosineAnnealingLR with T_max = --epochs (the search epochs) and steps it from
    // the first epoch, pretraining included: closed form at the run's epoch with T = total − pretraining.
    const lr = cosineLr(epoch, totalEpochs - this.pretrainEpochs, this.config.archLr, this.config.archLrMin);
    for (const o of this.cellOptimizers) for (const g of o.paramGroups) g.lr = lr;
    this.epochStats = { archLoss: 0, ce: 0, ablation: 0, steps: 0 };
  }

  /** Current α learning rate (all cells share the schedule). */
  archLearningRate(): number {
    return this.cellOptimizers[0]!.paramGroups[0]!.lr;
  }

  step(train: Batch, val: Batch | undefined): StepResult {
    this.net.train();
    if (this.stopped) return this.lastResult ?? { loss: NaN, accuracy: NaN };
    if (!val) throw new Error('ddarts: a bilevel search step needs a validation batch');
    if (this.searching) this.cellArchStep(val);
    const r = this.cellWeightStep(train);
    this.lastResult = r;
    return r;
  }

  /**
   * mc_c = CE(all cells active) − CE(cell c deactivated) on the validation batch, for every α owner (§3.3); L + 1
   * forwards in training mode. Fixed mode restores the BN running statistics afterwards (and so can start each
   * ablation forward at its cell); faithful mode keeps the reference's updates. No graph is built (the reference
   * builds and discards one).
   */
  marginalContributions(val: Batch): number[] {
    const contributions = (logits: () => Tensor[]): number[] =>
      noGrad(() =>
        tidy(() => {
          const v = this.meanOverRanks(stack(logits().map((l) => F.crossEntropy(l, val.y))).dataNumbers());
          return v.slice(1).map((x) => v[0]! - x);
        }),
      );
    if (this.config.faithful || !(this.net instanceof Supernet)) {
      return contributions(() => [undefined, ...this.ownerCell].map((cell) => this.net.forward(val.x, this.archForward(true, cell))));
    }
    // The cells before the deactivated one compute what the full forward did: start each ablation forward there.
    const net = this.net;
    return this.keepingBatchNormStats(() =>
      contributions(() =>
        net.forwardVariants(
          val.x,
          this.archForward(true),
          this.ownerCell.map((cell) => ({ from: cell, arch: this.archForward(true, cell) })),
        ),
      ),
    );
  }

  /** Per-cell architecture steps on one validation batch (§3.4). */
  protected cellArchStep(val: Batch): void {
    const c = this.config;
    const alphas = this.arch.tensors();
    const lambda = c.ablationWeight;
    const abl = lambda !== 0 ? ablationTerms(this.marginalContributions(val)) : alphas.map(() => 0);
    const params = this.net.parameters();
    const values = tidy(() => {
      const ce = F.crossEntropy(this.logits(val.x), val.y);
      // One backward gives ∂CE/∂α_c for every cell (and ∂CE/∂w): the reference's per-cell backwards of the same
      // graph compute exactly these, c times over.
      const grads = autograd.grad(ce, c.faithful ? [...alphas, ...params] : alphas, { allowUnused: true });
      this.averageOverRanks(grads);
      const zo: Tensor[] = [];
      alphas.forEach((alpha, k) => {
        const z = zeroOneLoss([alpha], 'l2').mul(c.auxLossWeight);
        const [gz] = autograd.grad(z, [alpha]);
        zo.push(z.detach());
        if (c.faithful) {
          alphas.forEach((a, j) => accumulateGrad(a, grads[j]));
          accumulateGrad(alpha, gz);
          params.forEach((p, j) => accumulateGrad(p, grads[alphas.length + j]));
        } else {
          alpha.grad = grads[k] ? grads[k]!.add(gz!) : gz!.clone();
        }
        this.cellOptimizers[k]!.step();
        alpha.grad = undefined;
      });
      return stack([ce.detach(), ...zo]).dataNumbers();
    });
    const ceValue = values[0]!;
    const cellLosses = values.slice(1).map((z, k) => ceValue + z + lambda * abl[k]!);
    this.epochStats.archLoss += cellLosses.reduce((s, x) => s + x, 0) / cellLosses.length;
    this.epochStats.ce += ceValue;
    this.epochStats.ablation += abl.reduce((s, x) => s + Math.abs(x), 0) / abl.length;
    this.epochStats.steps++;
  }

  /** SGD step on L_w = CE(train) + w·zero-one(σ(all α)); the zero-one term has no weight gradient. */
  protected cellWeightStep(train: Batch): StepResult {
    const c = this.config;
    const params = this.net.parameters();
    const alphas = this.arch.tensors();
    if (!c.faithful) this.weightOptimizer.zeroGrad();
    const result = tidy(() => {
      const logits = this.logits(train.x);
      const loss = F.crossEntropy(logits, train.y).add(zeroOneLoss(alphas, c.sepLoss).mul(c.auxLossWeight));
      // Faithful: an ordinary backward, which also accumulates ∇α L_w into the never-cleared α gradients.
      if (c.faithful) loss.backward();
      else loss.backward(undefined, { inputs: params });
      clipGradNorm(params, c.gradClip);
      return deferredResult(loss, logits, train.y);
    });
    this.weightOptimizer.step();
    // The reference zeroes the weight gradients after the step (so the next architecture step adds to them).
    if (c.faithful) this.weightOptimizer.zeroGrad();
    return result.result();
  }

  /** σ(α) of every cell position (DARTOpti: each position shows its template's weights), as arch_weight.npy. */
  override archWeights(): Record<string, number[][]> {
    const perAlpha = this.alphaWeights();
    return Object.fromEntries(this.cellAlpha.map((g, i) => [`alphas_cell${i}`, perAlpha[g]!]));
  }

  /** The per-template σ(α) (one matrix per α owner). */
  alphaWeights(): number[][][] {
    return noGrad(() => tidy(() => this.arch.tensors().map((a) => this.relax(a).toArray() as number[][])));
  }

  /**
   * §4: per cell position, with the search reductions and concat = range(2 + steps − 4, steps + 2); the run's genotype
   * by --parse-method, and both parses the reference writes (§3.5: threshold_sparse and threshold_edge) in `parses`.
   */
  protected override deriveGenotype(w: Record<string, number[][]>): SearchGenotype {
    const perCell = this.cellAlpha.map((_, i) => w[`alphas_cell${i}`]!);
    const parse = (method: DDartsParseMethod): SearchGenotype => {
      const parsed = parseNested(perCell, method, {
        primitives: this.primitives,
        steps: this.steps,
        threshold: this.config.threshold,
        reductions: this.reductions,
        fallback: !this.config.faithful,
      });
      return nestedSearchGenotype(parsed.genotype, parsed.fallbackCells.length > 0 ? { parseFallbackCells: parsed.fallbackCells.length } : undefined);
    };
    const g = parse(this.config.parseMethod);
    g.parses = Object.fromEntries(
      DDARTS_WRITTEN_PARSES.map((m) => {
        const p = m === this.config.parseMethod ? g : parse(m);
        return [m, { text: p.text, json: p.json }];
      }),
    );
    return g;
  }

  /** DARTOpti: the distance metric and early-stopping rule after every epoch from pretraining + 5 on (§9.2). */
  async afterEpoch(ctx: EpochContext): Promise<void> {
    this.updateArchMetric(ctx.epoch);
    const s = this.epochStats;
    if (s.steps > 0) {
      this.log(
        `ddarts epoch ${ctx.epoch + 1}: arch loss ${(s.archLoss / s.steps).toFixed(4)} (val CE ${(s.ce / s.steps).toFixed(4)}), ` +
          `α lr ${this.archLearningRate().toExponential(3)}`,
      );
    } else if (!this.stopped && ctx.epoch < this.pretrainEpochs) {
      this.log(`ddarts epoch ${ctx.epoch + 1}: pretraining (weights only, ${this.pretrainEpochs} epochs)`);
    }
  }

  /** The metric between the baseline and the current per-template architecture (threshold_edge, T = 0.85). */
  archDistance(): number {
    const b = this.baseline;
    if (!b) throw new Error('ddarts: the architecture distance metric needs a DARTOpti baseline');
    const cells = this.alphaWeights().map((w) =>
      parseCell(w, 'threshold_edge', { primitives: this.primitives, steps: this.steps, threshold: DDARTS_THRESHOLD }),
    );
    return architectureDistance(baselineMetricCells(b), { cells, steps: this.steps });
  }

  private updateArchMetric(epoch: number): void {
    if (!this.baseline || !this.config.archMetric || this.stopped) return;
    if (epoch < this.pretrainEpochs + METRIC_DELAY || epoch <= this.metricEpoch) return;
    const metric = this.archDistance();
    this.metricEpoch = epoch;
    this.lastMetric = metric;
    this.log(`architectural distance metric with baseline: ${metric}`);
    if (metricHasSettled(this.metricHistory, metric)) {
      this.stopped = true;
      this.log(
        'Architectural metric has not changed for the last 4 epochs. Stopping search process now.' +
          (epoch + 1 < this.totalEpochs ? ` (epochs ${epoch + 2}..${this.totalEpochs} change nothing)` : ''),
      );
    } else {
      this.metricHistory.push(metric);
    }
  }

  epochReport(): Record<string, number | string> {
    const s = this.epochStats;
    const r: Record<string, number | string> = {};
    if (s.steps > 0) {
      r.archLoss = s.archLoss / s.steps;
      r.archLr = this.archLearningRate();
    }
    if (this.metricEpoch === this.epoch && this.lastMetric !== undefined) r.archDistance = this.lastMetric;
    if (this.stopped) r.stopped = 'metric settled';
    return r;
  }

  protected archOptimizerState(): [string, PickleTree][] {
    const grads = new Map<string, PickleTree>();
    for (const [name, a] of this.arch.named) {
      const g = a.grad;
      if (g) grads.set(name, g);
    }
    return [
      ['arch_optimizers', this.cellOptimizers.map((o) => o.stateDict() as unknown as PickleTree)],
      // Faithful mode carries α gradients from one iteration to the next (§3.4 item 2).
      ['alpha_grads', grads],
    ];
  }

  protected loadArchOptimizerState(state: PickleTree): void {
    const what = 'ddarts search state';
    const opt = field(state, 'arch_optimizers', what);
    if (!Array.isArray(opt) || opt.length !== this.cellOptimizers.length) {
      throw new Error(
        `checkpoint: ${what} has ${Array.isArray(opt) ? opt.length : 'no'} per-cell optimiser states, this search ${this.cellOptimizers.length}`,
      );
    }
    opt.forEach((o, k) => this.cellOptimizers[k]!.loadStateDict(optimizerStateFrom(o, `arch_optimizers[${k}]`)));
    const grads = tensorMap(field(state, 'alpha_grads', what), 'alpha_grads');
    for (const [name, a] of this.arch.named) {
      const g = grads.get(name);
      a.grad = g ? noGrad(() => g.to({ device: a.device, dtype: a.dtype }).clone()) : undefined;
    }
  }

  override stateDict(): PickleTree {
    const s = super.stateDict() as Map<string, PickleTree>;
    s.set('metric_history', [...this.metricHistory]);
    s.set('metric_epoch', this.metricEpoch);
    s.set('stopped', this.stopped);
    s.set('last_result', this.lastResult ? [this.lastResult.loss, this.lastResult.accuracy] : null);
    return s;
  }

  override loadStateDict(state: PickleTree): void {
    super.loadStateDict(state);
    const m = mapOf(state, 'ddarts search state');
    const history = m.get('metric_history');
    this.metricHistory = Array.isArray(history) ? history.map(Number) : [];
    this.metricEpoch = Number(m.get('metric_epoch') ?? -1);
    this.stopped = m.get('stopped') === true;
    const last = m.get('last_result');
    this.lastResult = Array.isArray(last) ? { loss: Number(last[0]), accuracy: Number(last[1]) } : undefined;
  }

  override dispose(): void {
    for (const o of this.cellOptimizers) o.dispose();
    super.dispose();
  }
}
